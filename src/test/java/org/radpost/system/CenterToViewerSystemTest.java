package org.radpost.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.read.ReceivedObject;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptEntry;
import org.radpost.wire.receipt.ReceiptStatus;
import org.radpost.wire.receipt.ReceiptWriter;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.TestDatabases;

/**
 * The first path end to end over real sockets with TLS, on MariaDB: the center's packager sends a study in two
 * parts over STARTTLS; a POP3S client (Jakarta Mail) fetches it as the viewer; the viewer sends a viewed receipt
 * and a report over SMTPS; the center's mailbox then holds accepted, delivered, viewed and reported receipts
 * and the report itself.
 */
class CenterToViewerSystemTest {
    static final String CENTER = "center1@radpost.test";
    static final String VIEWER = "viewer1@radpost.test";
    static final String PASSWORD = "system-test-pw";

    @TempDir
    static Path dir;

    static DatabaseConfig database;
    static DataCenter dataCenter;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabases.freshMariaDb();
        dataCenter = DataCenter.start(DatacenterConfig.local(dir.resolve("dc"), database), Clock.systemUTC());
        dataCenter.directory().addCenter("c1", "Center One", CENTER, PASSWORD);
        dataCenter.directory().addViewer("v1", "Dr. Viewer", VIEWER, PASSWORD, AccessLevel.FULL);
        dataCenter.directory().authorize("c1", "v1", "CT");
    }

    @AfterAll
    static void stop() {
        dataCenter.close();
        TestDatabases.drop(database);
    }

    @Test
    void aStudyTravelsFromCenterToViewerAndTheReceiptsAndReportComeBack() throws Exception {
        SampleStudy study = SampleStudy.ct().size(256, 256);
        study.writeImages(dir.resolve("study"), 6);
        StudyBatch batch = new StudyScanner().scan(List.of(dir.resolve("study"))).studies().get(0);
        List<Path> parts = new MessageWriter(400 * 1024).write(new Addressing(CENTER, VIEWER, Priority.STAT), batch, dir.resolve("outbox"));
        assertThat(parts).as("the study is split").hasSizeGreaterThan(1);

        SmtpSubmitter center = submitter(CENTER, SmtpSettings.Security.STARTTLS, dataCenter.startTlsPort());
        for (Path part : parts) {
            assertThat(center.submit(part, n -> { })).isInstanceOf(SubmitOutcome.Sent.class);
        }

        MailboxReader viewerMailbox = new MailboxReader(pop3(VIEWER), dir.resolve("viewer"));
        List<MailboxReader.Fetched> arrived = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            arrived.addAll(viewerMailbox.fetchAll());
            return arrived.size() >= parts.size();
        });
        List<ReceivedObject> objects = arrived.stream().flatMap(f -> f.message().objects().stream()).toList();
        assertThat(objects).extracting(o -> o.sopInstanceUid())
                .containsExactlyInAnyOrderElementsOf(batch.objects().stream().map(o -> o.summary().sopInstanceUid()).toList());
        assertThat(arrived).allSatisfy(f -> assertThat(f.message().part().totalObjects()).isEqualTo(6));

        SmtpSubmitter viewer = submitter(VIEWER, SmtpSettings.Security.SMTPS, dataCenter.smtpsPort());
        Path viewed = dir.resolve("viewed.eml");
        new ReceiptWriter().write(new Receipt(ReceiptStatus.VIEWED, VIEWER, "datacenter@radpost.test", batch.studyUid(), "", "",
                "", List.of(ReceiptEntry.of(ObjectType.IMAGE, batch.objects().get(0).summary().sopInstanceUid())), Instant.now()), viewed);
        assertThat(viewer.submit(viewed, n -> { })).isInstanceOf(SubmitOutcome.Sent.class);

        Path reportFile = study.writeTextReport(dir.resolve("report"), "Findings: no acute abnormality. Impression: normal CT.");
        StudyBatch reportBatch = new StudyScanner().scan(List.of(reportFile)).studies().get(0);
        Path report = new MessageWriter().write(new Addressing(VIEWER, CENTER, Priority.ROUTINE), reportBatch, dir.resolve("viewer-out")).get(0);
        assertThat(viewer.submit(report, n -> { })).isInstanceOf(SubmitOutcome.Sent.class);

        MailboxReader centerMailbox = new MailboxReader(pop3(CENTER), dir.resolve("center"));
        List<MailboxReader.Fetched> back = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            back.addAll(centerMailbox.fetchAll());
            return statuses(back).containsAll(List.of(ReceiptStatus.ACCEPTED, ReceiptStatus.DELIVERED, ReceiptStatus.VIEWED,
                    ReceiptStatus.REPORTED, ReceiptStatus.ARCHIVED)) && back.stream().anyMatch(f -> f.message().type() == ObjectType.REPORT);
        });
        assertThat(statuses(back).stream().filter(s -> s == ReceiptStatus.ACCEPTED)).hasSize(parts.size());
        assertThat(statuses(back).stream().filter(s -> s == ReceiptStatus.DELIVERED)).hasSize(parts.size());
        assertThat(statuses(back).stream().filter(s -> s == ReceiptStatus.ARCHIVED)).hasSize(parts.size());
        assertThat(dataCenter.archiver().findByStudy(batch.studyUid())).as("every image and the report archived").hasSize(7);
        ReceivedObject returned = back.stream().filter(f -> f.message().type() == ObjectType.REPORT)
                .findFirst().orElseThrow().message().objects().get(0);
        assertThat(Files.mismatch(returned.file(), reportFile)).isEqualTo(-1L);

        assertThat(dataCenter.timeline().of(batch.studyUid().value())).extracting(e -> e.state().name())
                .containsSubsequence("RECEIVED", "VALIDATED", "INDEXED", "ROUTED", "QUEUED", "DELIVERED", "VIEWED", "REPORTED");
        assertThat(dataCenter.timeline().of(batch.studyUid().value())).extracting(e -> e.state().name()).contains("ARCHIVED");
    }

    private static List<ReceiptStatus> statuses(List<MailboxReader.Fetched> fetched) {
        return fetched.stream().filter(f -> f.message() != null).flatMap(f -> f.message().receipt().stream())
                .map(Receipt::status).toList();
    }

    private static SmtpSubmitter submitter(String user, SmtpSettings.Security security, int port) throws Exception {
        return new SmtpSubmitter(SmtpSettings.of("127.0.0.1", port, security, user, PASSWORD, dataCenter.trustStore(), "changeit"));
    }

    private static Pop3Settings pop3(String user) {
        return new Pop3Settings("127.0.0.1", dataCenter.pop3sPort(), user, PASSWORD, dataCenter.trustStore(), "changeit");
    }
}
