package org.radpost.datacenter.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.MutableClock;
import org.radpost.testkit.SampleStudy;
import org.radpost.testkit.TestDatabases;
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;

/** Spool retention on a real data center whose clock the test moves: only delivered-and-archived files go, after the keep period. */
class SpoolRetentionTest {
    static final String CENTER = "center1@radpost.test";
    static final String VIEWER = "viewer1@radpost.test";
    static final String PASSWORD = "s3cret-pw";

    @TempDir
    Path dir;
    MutableClock clock = MutableClock.at("2026-12-01T08:00:00Z");
    DatabaseConfig database;
    DataCenter dataCenter;

    @BeforeEach
    void start() throws Exception {
        database = TestDatabases.freshMariaDb();
        dataCenter = DataCenter.start(DatacenterConfig.local(dir.resolve("dc"), database).withQueue(0, Duration.ofDays(7)), clock);
        dataCenter.directory().addCenter("c1", "Center One", CENTER, PASSWORD);
        dataCenter.directory().addViewer("v1", "Dr. One", VIEWER, PASSWORD, AccessLevel.FULL);
        dataCenter.directory().authorize("c1", "v1", null);
    }

    @AfterEach
    void stop() {
        dataCenter.close();
        TestDatabases.drop(database);
    }

    @Test
    void removesOnlyDeliveredAndArchivedFilesAfterTheKeepPeriod() throws Exception {
        String delivered = send("delivered", VIEWER);
        fetch(VIEWER);
        String waiting = send("waiting", VIEWER);
        String quarantined = send("quarantined", "nobody@radpost.test");
        List<Path> deliveredFiles = files(delivered);
        List<Path> kept = new java.util.ArrayList<>(files(waiting));
        kept.addAll(files(quarantined));
        assertThat(deliveredFiles).hasSize(3).allMatch(Files::exists);   // the .eml and two objects

        clock.advance(Duration.ofDays(6));
        assertThat(dataCenter.spoolRetention().run()).as("within the keep period").isEmpty();
        assertThat(deliveredFiles).allMatch(Files::exists);

        clock.advance(Duration.ofDays(2));
        assertThat(dataCenter.spoolRetention().run()).hasSize(1);

        assertThat(deliveredFiles).noneMatch(Files::exists);
        assertThat(kept).as("not yet delivered, or quarantined").isNotEmpty().allMatch(Files::exists);
        assertThat(dataCenter.timeline().of(delivered)).extracting(e -> e.state().name()).endsWith("SPOOL_REMOVED");
        assertThat(dataCenter.archiver().findByStudy(org.radpost.wire.StudyUid.of(delivered))).as("the archive keeps them").hasSize(2);
        assertThat(dataCenter.spoolRetention().run()).as("each message once").isEmpty();
    }

    private String send(String name, String to) throws Exception {
        SampleStudy study = SampleStudy.ct();
        Path folder = Files.createDirectories(dir.resolve(name));
        study.writeImages(folder, 2);
        var batch = new StudyScanner().scan(List.of(folder)).studies().get(0);
        SmtpSubmitter submitter = new SmtpSubmitter(SmtpSettings.of("127.0.0.1", dataCenter.smtpsPort(), SmtpSettings.Security.SMTPS,
                CENTER, PASSWORD, dataCenter.trustStore(), "changeit"));
        for (Path eml : new MessageWriter().write(new Addressing(CENTER, to, Priority.ROUTINE), batch, Files.createTempDirectory(dir, "out"))) {
            assertThat(submitter.submit(eml, n -> { })).isInstanceOf(SubmitOutcome.Sent.class);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> count(
                "select count(*) from message where state not in ('done','quarantined')") == 0);
        return study.studyInstanceUid();
    }

    private void fetch(String viewer) throws Exception {
        new MailboxReader(new Pop3Settings("127.0.0.1", dataCenter.pop3sPort(), viewer, PASSWORD, dataCenter.trustStore(), "changeit"),
                Files.createTempDirectory(dir, "pop")).fetchAll();
    }

    /** The spooled message and the object files of a study. */
    private List<Path> files(String studyUid) {
        return dataCenter.database().sessionFactory().fromSession(s -> s.createNativeQuery(
                        "select spool_path from message where study_uid = :u union all select file_path from instance i"
                                + " join study st on st.id = i.study_id where st.study_uid = :u", String.class)
                .setParameter("u", studyUid).getResultList()).stream().map(Path::of).toList();
    }

    private long count(String sql) {
        return dataCenter.database().sessionFactory().fromSession(s ->
                ((Number) s.createNativeQuery(sql, Object.class).getSingleResult()).longValue());
    }
}
