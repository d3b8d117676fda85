package org.radpost.datacenter.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.schema.DatabaseConfig;
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
 * The data folder's disk fills up at the end of DATA (a 5 MB tmpfs: the SMTP staging copy fits, the spool copy
 * does not): the sender gets 452 4.3.1, never a 250, and no half-written spool file, object or row is left.
 */
class DiskFullTest {
    @TempDir
    Path dir;
    Path small;
    boolean mounted;

    @BeforeEach
    void mountASmallDisk() throws Exception {
        small = Files.createDirectories(dir.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=5m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes());
        mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "this test mounts a 5 MB tmpfs to fill a disk and needs root for it: " + output);
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", "-l", small.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFullDiskAtTheEndOfDataIs452AndLeavesNothingHalfWritten() throws Exception {
        Path message = bigMessage();
        assertThat(Files.size(message)).as("the message fits the disk once, not twice").isBetween(2_600_000L, 4_900_000L);
        DatabaseConfig database = TestDatabases.freshMariaDb();
        try (DataCenter node = DataCenter.start(DatacenterConfig.local(small.resolve("dc"), database), Clock.systemUTC())) {
            node.directory().addCenter("c1", "Center One", DataCenterFixture.CENTER, DataCenterFixture.PASSWORD);
            node.directory().addViewer("v1", "Dr. One", DataCenterFixture.VIEWER, DataCenterFixture.PASSWORD, AccessLevel.FULL);
            node.directory().authorize("c1", "v1", null);
            SmtpSubmitter center = new SmtpSubmitter(SmtpSettings.of("127.0.0.1", node.smtpsPort(), SmtpSettings.Security.SMTPS,
                    DataCenterFixture.CENTER, DataCenterFixture.PASSWORD, node.trustStore(), "changeit"));

            SubmitOutcome outcome = center.submit(message, n -> { });

            assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.TemporaryFailure.class, t -> {
                assertThat(t.replyCode()).isEqualTo(452);
                assertThat(t.reason()).contains("4.3.1");
            });
            for (String folder : List.of("spool", "objects", "work")) {
                try (Stream<Path> files = Files.walk(small.resolve("dc").resolve(folder))) {
                    assertThat(files.filter(Files::isRegularFile).toList()).as("files left in %s", folder).isEmpty();
                }
            }
            long rows = node.database().sessionFactory().fromSession(s -> ((Number) s.createNativeQuery(
                    "select count(*) from message", Object.class).getSingleResult()).longValue());
            assertThat(rows).isZero();
        } finally {
            TestDatabases.drop(database);
        }
    }

    private Path bigMessage() throws Exception {
        Path images = dir.resolve("images");
        SampleStudy.ct().size(1024, 1024).writeImages(images, 1);
        return new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP).write(new Addressing(DataCenterFixture.CENTER, DataCenterFixture.VIEWER,
                Priority.ROUTINE), new StudyScanner().scan(List.of(images)).studies().get(0), Files.createDirectories(dir.resolve("out"))).get(0);
    }
}
