package org.radpost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.radpost.schema.DatabaseConfig;

/**
 * What rule 1 costs per commit on each database: a run of small transactions (one insert, commit) on the embedded H2
 * as the data center configures it (WRITE_DELAY=0 plus CHECKPOINT SYNC after each commit, see SyncedCommits), the
 * same H2 without that fsync (not durable: shown only for its difference), and MariaDB (its
 * innodb_flush_log_at_trx_commit is printed). Prints commits/s and milliseconds per commit; a figure, never asserted.
 * Usage: {@code java -cp ... org.radpost.bench.CommitCostBench <work folder> [commits, default 500]}.
 */
public final class CommitCostBench {
    private CommitCostBench() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        int commits = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Path folder = work.resolve("commit-cost-h2");
        Bench.deleteTree(folder);
        Files.createDirectories(folder);
        DatabaseConfig h2 = DatabaseConfig.embedded(folder);
        double synced = run(h2, commits, true);
        double unsynced = run(h2, commits, false);
        DatabaseConfig maria = Bench.scratchMariaDb();
        double mariadb;
        String flush;
        try {
            flush = variable(maria, "innodb_flush_log_at_trx_commit");
            mariadb = run(maria, commits, false);
        } finally {
            Bench.dropMariaDb(maria);
        }
        Bench.deleteTree(folder);
        String figures = String.format("H2 with CHECKPOINT SYNC per commit (the data center's setting) %.2f ms/commit;"
                        + " H2 without the fsync (not durable) %.2f ms/commit; MariaDB (innodb_flush_log_at_trx_commit=%s) %.2f ms/commit",
                synced, unsynced, flush, mariadb);
        Bench.say("commit cost: %s", figures);
        Row.figure("commit-cost", "Cost of a durable commit (one-row transaction)", String.format("H2 %.2f ms, MariaDB %.2f ms"
                + " (H2 unsynced %.2f ms)", synced, mariadb, unsynced), List.of(), commits + " commits each; " + figures).append(work);
        System.exit(0);
    }

    /** Milliseconds per commit of {@code commits} one-row transactions. */
    private static double run(DatabaseConfig config, int commits, boolean checkpointSync) throws Exception {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
             Statement s = c.createStatement()) {
            s.execute("create table if not exists commit_cost (id bigint auto_increment primary key, note varchar(100) not null)");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("insert into commit_cost (note) values (?)")) {
                long t0 = System.nanoTime();
                for (int i = 0; i < commits; i++) {
                    insert.setString(1, "commit " + i);
                    insert.executeUpdate();
                    c.commit();
                    if (checkpointSync) {
                        s.execute("CHECKPOINT SYNC");
                    }
                }
                return (System.nanoTime() - t0) / 1e6 / commits;
            }
        }
    }

    private static String variable(DatabaseConfig config, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show variables like '" + name + "'")) {
            return rs.next() ? rs.getString(2) : "?";
        }
    }
}
