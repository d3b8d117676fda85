package org.radpost.datacenter.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.CuttingRelay;
import org.radpost.testkit.SampleStudy;
import org.radpost.testkit.TestDatabases;
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * The database goes away (its connections cut by a proxy) while a message is at the end of DATA: the sender gets a
 * temporary 4xx, never a 250, nothing is left half-stored, and once the database is back the same message goes
 * through and is stored once.
 */
class DatabaseLossTest {
    @TempDir
    Path dir;

    @Test
    void aLostDatabaseAtTheEndOfDataIsATemporaryFailureAndTheRetrySucceedsOnceItIsBack() throws Exception {
        DatabaseConfig real = TestDatabases.freshMariaDb();
        String name = real.jdbcUrl().replaceAll(".*:3306/([^?]+).*", "$1");
        try (CuttingRelay proxy = new CuttingRelay(3306)) {
            DatabaseConfig proxied = DatabaseConfig.mysql("127.0.0.1", proxy.port(), name, real.user(), real.password());
            try (DataCenter node = DataCenter.start(DatacenterConfig.local(dir.resolve("dc"), proxied), Clock.systemUTC())) {
                node.directory().addCenter("c1", "Center One", DataCenterFixture.CENTER, DataCenterFixture.PASSWORD);
                node.directory().addViewer("v1", "Dr. One", DataCenterFixture.VIEWER, DataCenterFixture.PASSWORD, AccessLevel.FULL);
                node.directory().authorize("c1", "v1", null);
                SmtpSubmitter center = new SmtpSubmitter(SmtpSettings.of("127.0.0.1", node.smtpsPort(), SmtpSettings.Security.SMTPS,
                        DataCenterFixture.CENTER, DataCenterFixture.PASSWORD, node.trustStore(), "changeit"));
                assertThat(center.submit(message("before"), n -> { })).isInstanceOf(SubmitOutcome.Sent.class);

                Path during = message("during");
                proxy.sever();
                SubmitOutcome lost = center.submit(during, n -> { });
                assertThat(lost).isInstanceOfSatisfying(SubmitOutcome.TemporaryFailure.class,
                        t -> assertThat(t.replyCode()).isBetween(400, 499));
                try (var spool = Files.list(dir.resolve("dc/spool"))) {
                    assertThat(spool.count()).as("spool files: the one accepted before the loss only").isEqualTo(1);
                }

                proxy.restore();
                SubmitOutcome retried = null;
                // Hikari replaces its dead connections on demand; a retry or two may still meet one.
                for (int attempt = 0; attempt < 5 && !(retried instanceof SubmitOutcome.Sent); attempt++) {
                    retried = center.submit(during, n -> { });
                    assertThat(retried).isNotInstanceOf(SubmitOutcome.PermanentFailure.class);
                }
                assertThat(retried).isInstanceOf(SubmitOutcome.Sent.class);
                long stored = node.database().sessionFactory().fromSession(s -> ((Number) s.createNativeQuery(
                        "select count(*) from message", Object.class).getSingleResult()).longValue());
                assertThat(stored).isEqualTo(2);
            }
        } finally {
            TestDatabases.drop(real);
        }
    }

    private Path message(String name) throws Exception {
        Path images = dir.resolve("studies").resolve(name);
        SampleStudy.ct().writeImages(images, 1);
        return new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP).write(new Addressing(DataCenterFixture.CENTER, DataCenterFixture.VIEWER,
                Priority.ROUTINE), new StudyScanner().scan(List.of(images)).studies().get(0), Files.createDirectories(dir.resolve("out").resolve(name))).get(0);
    }
}
