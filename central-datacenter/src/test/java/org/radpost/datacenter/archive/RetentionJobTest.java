package org.radpost.datacenter.archive;

import org.radpost.testkit.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.archiver.retention.CenterPolicy;
import org.radpost.archiver.retention.CenterRetention;
import org.radpost.archiver.retention.RetentionRule;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.datacenter.receipt.ReceiptMailer;
import org.radpost.datacenter.spool.Spool;
import org.radpost.datacenter.tracking.Tracker;
import org.radpost.wire.Priority;
import org.radpost.wire.StudyUid;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptStatus;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.TestDatabases;

/** The daily retention run against a real data center whose clock the test moves: notices by mail, then expiry. */
class RetentionJobTest {
    private static final String CENTER = "center1@radpost.test";
    private static final String PASSWORD = "s3cret-pw";

    @TempDir
    static Path dir;

    static MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
    static DatabaseConfig database;
    static DataCenter dataCenter;
    static RetentionJob job;

    @BeforeAll
    static void start() throws IOException {
        database = TestDatabases.freshMariaDb();
        dataCenter = DataCenter.start(DatacenterConfig.local(dir.resolve("dc"), database), clock);
        dataCenter.directory().addCenter("c1", "Center One", CENTER, PASSWORD);
        dataCenter.directory().addViewer("v1", "Dr. One", "viewer1@radpost.test", PASSWORD, AccessLevel.FULL);
        dataCenter.directory().authorize("c1", "v1", null);
        job = new RetentionJob(dataCenter.archiver(), dataCenter.directory(),
                new ReceiptMailer(new Spool(dir.resolve("dc")), "datacenter@radpost.test", clock),
                dataCenter.database().sessionFactory(), new Tracker(clock));
    }

    @AfterAll
    static void stop() {
        dataCenter.close();
        TestDatabases.drop(database);
    }

    @Test
    void mailsTheExpiryNoticeOnceThenExpiresTheStudyOnlyAfterTheCenterConfirms() throws Exception {
        SampleStudy study = SampleStudy.of("CT", "PID-R", "ROE^RITA", "ACCR1");   // study date 2026-11-20
        send(study);
        StudyUid uid = StudyUid.of(study.studyInstanceUid());
        dataCenter.archiver().retention().setRule(new RetentionRule("CT", Optional.of("c1"), 1, 0), "test");
        dataCenter.archiver().retention().setPolicy(new CenterRetention("c1", CenterPolicy.NOTIFY_THEN_CONFIRM, 30), "test");
        readCenterMailbox();

        assertThat(job.run().noticesSent()).as("a year before expiry nothing is due").isEmpty();

        clock.set(Instant.parse("2027-11-01T08:00:00Z"));
        assertThat(job.run().noticesSent()).extracting(n -> n.studyUid()).containsExactly(uid);
        List<Receipt> notices = readCenterMailbox().stream().filter(r -> r.reason().equals(RetentionJob.NOTICE_REASON)).toList();
        assertThat(notices).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(ReceiptStatus.ARCHIVED);
            assertThat(r.studyUid()).isEqualTo(uid);
            assertThat(r.explanation()).contains("2027-11-20", "ACCR1", "retention confirm --study " + uid);
        });
        assertThat(job.run().noticesSent()).as("a notice is mailed once").isEmpty();
        assertThat(readCenterMailbox()).isEmpty();

        clock.set(Instant.parse("2027-11-25T08:00:00Z"));
        assertThat(job.run().sweep().awaitingConfirmation()).containsExactly(uid);
        assertThat(dataCenter.archiver().findByStudy(uid)).as("kept until the center confirms").hasSize(2);

        dataCenter.archiver().retention().confirm(uid, "admin");
        assertThat(job.run().sweep().expired()).containsExactly(uid);
        assertThat(dataCenter.archiver().findByStudy(uid)).isEmpty();
        assertThat(dataCenter.timeline().of(uid.value())).extracting(e -> e.state().name()).endsWith("EXPIRED");
    }

    private static void send(SampleStudy study) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(study.studyInstanceUid()));
        study.writeImages(folder, 2);
        StudyBatch batch = new StudyScanner().scan(List.of(folder)).studies().get(0);
        SmtpSubmitter submitter = new SmtpSubmitter(SmtpSettings.of("127.0.0.1", dataCenter.smtpsPort(), SmtpSettings.Security.SMTPS,
                CENTER, PASSWORD, dataCenter.trustStore(), "changeit"));
        for (Path eml : new MessageWriter().write(new Addressing(CENTER, "viewer1@radpost.test", Priority.ROUTINE), batch,
                Files.createTempDirectory(dir, "out"))) {
            assertThat(submitter.submit(eml, n -> { })).isInstanceOf(SubmitOutcome.Sent.class);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                dataCenter.database().sessionFactory().fromSession(s -> s.createSelectionQuery(
                        "select count(*) from ReceivedMessage where state not in ('done', 'quarantined')", Long.class)
                        .getSingleResult()) == 0);
    }

    private static List<Receipt> readCenterMailbox() throws IOException {
        return new MailboxReader(new Pop3Settings("127.0.0.1", dataCenter.pop3sPort(), CENTER, PASSWORD, dataCenter.trustStore(),
                "changeit"), dir.resolve("center").resolve(UUID.randomUUID().toString())).fetchAll().stream()
                .flatMap(f -> f.message().receipt().stream()).toList();
    }
}
