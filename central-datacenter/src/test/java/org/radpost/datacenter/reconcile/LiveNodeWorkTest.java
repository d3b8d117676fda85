package org.radpost.datacenter.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * Two nodes on one data folder and one MariaDB: while the first is still taking in a message whose files are
 * older than the grace period (as a multi-gigabyte message's are), a second node starts, and its reconciliation
 * must leave those files alone: the message is then acknowledged with its spool file and objects in place.
 */
class LiveNodeWorkTest {
    @TempDir
    Path dir;

    @Test
    void aStartingNodeLeavesTheFilesOfAMessageAnotherLiveNodeIsStillTakingInAlone() throws Exception {
        try (DataCenterFixture first = DataCenterFixture.start(dir, true)) {
            Path data = dir.resolve("dc");
            SampleStudy.ct().writeImages(dir.resolve("study"), 2);
            Path eml = first.packageStudy(dir.resolve("study"), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0);
            String messageId = messageId(eml);
            SubmitOutcome outcome;
            try (Connection blocker = DriverManager.getConnection(first.database.jdbcUrl(), first.database.user(),
                    first.database.password())) {
                // An uncommitted row with the same Message-ID holds the first node's commit on the unique key, with
                // the message spooled and its objects in place but no row pointing at them yet.
                blocker.setAutoCommit(false);
                holdMessageId(blocker, messageId);
                CompletableFuture<SubmitOutcome> sent = CompletableFuture.supplyAsync(() -> {
                    try {
                        return first.send(eml);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> lockWaits(blocker) > 0);
                List<Path> inFlight = files(data.resolve("spool"), data.resolve("objects"));
                assertThat(inFlight).as("the spooled message and its two objects").hasSize(3);
                for (Path file : inFlight) {
                    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
                }

                try (DataCenter second = DataCenter.start(DatacenterConfig.local(data, first.database), Clock.systemUTC())) {
                    assertThat(inFlight).as("the first node's files in flight, after the second node started").allMatch(Files::exists);
                    blocker.rollback();
                    outcome = sent.get();
                }
            }
            assertThat(outcome).isInstanceOf(SubmitOutcome.Sent.class);
            first.drainPipeline();
            List<String> paths = first.dataCenter.database().sessionFactory().fromSession(s -> s.createNativeQuery(
                    "select spool_path from message union all select file_path from instance", String.class).getResultList());
            assertThat(paths).hasSize(3).allMatch(p -> Files.exists(Path.of(p)));
        }
    }

    private static void holdMessageId(Connection c, String messageId) throws Exception {
        try (PreparedStatement insert = c.prepareStatement("insert into message (message_id, sender, account, object_type, study_uid,"
                + " priority, part_number, part_count, batch_id, object_count, spool_path, size_bytes, state, attempts, received_at,"
                + " updated_at) values (?, 'x', 'x', 'IMAGE', '1.2.3', 'ROUTINE', 1, 1, 'b', 1, 'none', 0, 'done', 0, now(3), now(3))")) {
            insert.setString(1, messageId);
            insert.executeUpdate();
        }
    }

    private static long lockWaits(Connection c) throws Exception {
        try (Statement s = c.createStatement();
             var rs = s.executeQuery("select count(*) from information_schema.innodb_trx t"
                     + " join information_schema.processlist p on p.id = t.trx_mysql_thread_id"
                     + " where t.trx_state = 'LOCK WAIT' and p.db = database()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Path> files(Path... folders) throws Exception {
        List<Path> all = new java.util.ArrayList<>();
        for (Path folder : folders) {
            try (Stream<Path> walk = Files.walk(folder)) {
                walk.filter(Files::isRegularFile).forEach(all::add);
            }
        }
        return all;
    }

    private static String messageId(Path eml) throws Exception {
        try (var lines = Files.lines(eml)) {
            return lines.takeWhile(l -> !l.isEmpty()).filter(l -> l.regionMatches(true, 0, "Message-ID:", 0, 11)).findFirst()
                    .map(l -> l.substring(11).trim()).orElseThrow();
        }
    }
}
