package org.radpost.schema;

import java.nio.file.Path;
import java.util.List;

/**
 * A child process for the kill tests: opens the embedded database of the folder in {@code args[0]} and either
 * commits one audit row after another, printing "committed N" after each commit returns ({@code commit}), or
 * prints the number of rows and exits ({@code count}).
 */
public final class CommitLoopMain {
    private CommitLoopMain() {}

    public static void main(String[] args) throws Exception {
        try (Database database = Database.open(DatabaseConfig.embedded(Path.of(args[0])), List.of())) {
            if (args[1].equals("count")) {
                System.out.println("rows " + Sql.strings(database, "select count(*) from status_event").get(0));
                return;
            }
            for (long n = 1; ; n++) {
                String detail = Long.toString(n);
                // As the data center's intake does: one transaction through the pool, committed, then acknowledged.
                Sql.update(database, "insert into status_event (study_uid, state, actor, detail, at)"
                        + " values ('1.2.3', 'RECEIVED', 'kill-test', ?, current_timestamp)", detail);
                System.out.println("committed " + n);
                System.out.flush();
            }
        }
    }
}
