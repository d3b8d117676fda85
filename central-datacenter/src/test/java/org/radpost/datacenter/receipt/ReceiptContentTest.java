package org.radpost.datacenter.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.spool.Spool;
import org.radpost.datacenter.tracking.Tracker;
import org.radpost.datacenter.validate.CompletenessCheck;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Priority;
import org.radpost.wire.Sha256;
import org.radpost.wire.StudyUid;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.PackagedObject;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptEntry;
import org.radpost.wire.receipt.ReceiptStatus;
import org.radpost.wire.receipt.ReceiptWriter;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * What the receipts a center fetches over POP3S contain, for every kind the data center sends, read back with
 * Jakarta Mail ({@link IndependentMdn}) rather than RadPost's own reader: each names the message it answers
 * (Original-Message-ID, In-Reply-To, References), the party whose disposition it reports (Final-Recipient), and
 * each object it concerns, with its reason code where there is one (docs/wire-format.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReceiptContentTest {
    private static final String DATACENTER_RECIPIENT = "rfc822; datacenter@radpost.test";
    private static final String VIEWER_RECIPIENT = "rfc822; " + DataCenterFixture.VIEWER;

    Path dir;
    DataCenterFixture fixture;
    MailboxReader centerMailbox;
    final List<Path> centerFiles = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("receipts");
        fixture = DataCenterFixture.start(dir, true);
        assertThat(fixture.dataCenter.config().dataCenterAddress()).isEqualTo("datacenter@radpost.test");
        centerMailbox = new MailboxReader(pop3(DataCenterFixture.CENTER), dir.resolve("center-mailbox"));
    }

    @AfterAll
    void stop() {
        fixture.close();
        Spool.deleteQuietly(dir);
    }

    @Test
    void rejectedReceiptNamesTheRefusedMessageAndEachObjectWithItsReasonCode() throws Exception {
        SampleStudy.ct().writeImages(dir.resolve("rejected"), 1);
        StudyBatch batch = scan(dir.resolve("rejected"));
        PackagedObject o = batch.objects().get(0);
        StudyBatch damaged = new StudyBatch(batch.studyUid(), List.of(new PackagedObject(o.file(), o.summary(), Sha256.of(new byte[32]), o.size())));
        Path eml = new MessageWriter().write(toViewer(), damaged, dir.resolve("rejected-out")).get(0);

        assertThat(fixture.send(eml)).isInstanceOf(SubmitOutcome.PermanentFailure.class);

        IndependentMdn rejected = receipt(batch.studyUid(), ReceiptStatus.REJECTED);
        assertStandard(rejected, ReceiptStatus.REJECTED, batch.studyUid(), DATACENTER_RECIPIENT);
        answers(rejected, messageId(eml));
        assertThat(rejected.field("RadPost-Reason")).isEqualTo("checksum-mismatch");
        assertThat(rejected.objects()).singleElement().satisfies(line -> {
            assertThat(line.type()).isEqualTo("image");
            assertThat(line.uid()).isEqualTo(o.summary().sopInstanceUid().value());
            assertThat(line.reason()).isEqualTo("checksum-mismatch");
            assertThat(line.text()).as("the object's own sentence").contains("SHA-256");
        });
        assertThat(DocumentedShape.of(rejected.file())).as("as docs/wire-format.md shows").isEqualTo(DocumentedShape.example("rejection"));
    }

    @Test
    void resendRequestNamesTheMessagesReceivedAndEachObjectHeldWithItsReasonCode() throws Exception {
        SampleStudy study = SampleStudy.ct().size(256, 256);
        study.writeImages(dir.resolve("partial"), 4);
        List<Path> parts = fixture.packageStudy(dir.resolve("partial"), DataCenterFixture.VIEWER, Priority.ROUTINE, 300 * 1024);
        assertThat(parts).hasSizeGreaterThan(1);
        assertThat(fixture.send(parts.get(0))).isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();

        Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);
        new CompletenessCheck(fixture.dataCenter.database().sessionFactory(), fixture.dataCenter.directory(),
                new ReceiptMailer(new Spool(dir.resolve("dc")), fixture.dataCenter.config().dataCenterAddress(), later),
                new Tracker(later), later, Duration.ofMinutes(30)).run();

        StudyUid uid = StudyUid.of(study.studyInstanceUid());
        IndependentMdn request = receipt(uid, ReceiptStatus.RESEND_REQUESTED);
        assertStandard(request, ReceiptStatus.RESEND_REQUESTED, uid, DATACENTER_RECIPIENT);
        answers(request, messageId(parts.get(0)));
        assertThat(request.message().getHeader("X-RadPost-Object-Type", null)).isEqualTo("resend-request");
        assertThat(request.field("RadPost-Reason")).isEqualTo("incomplete-study");
        assertThat(request.uids()).as("the objects already held").containsExactlyInAnyOrderElementsOf(objectUids(parts.get(0)));
        assertThat(request.objects()).allSatisfy(line -> assertThat(line.reason()).isEqualTo("incomplete-study"));
        assertThat(DocumentedShape.of(request.file())).as("as docs/wire-format.md shows").isEqualTo(DocumentedShape.example("resend-request"));
    }

    @Test
    void quarantinedReceiptNamesTheMessageAndEachObjectWithItsReasonCode() throws Exception {
        SampleStudy study = SampleStudy.ct();
        study.writeImages(dir.resolve("quarantined"), 2);
        Path eml = fixture.packageStudy(dir.resolve("quarantined"), "nobody@radpost.test", Priority.ROUTINE).get(0);

        assertThat(fixture.send(eml)).isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();

        StudyUid uid = StudyUid.of(study.studyInstanceUid());
        IndependentMdn quarantined = receipt(uid, ReceiptStatus.QUARANTINED);
        assertStandard(quarantined, ReceiptStatus.QUARANTINED, uid, DATACENTER_RECIPIENT);
        answers(quarantined, messageId(eml));
        assertThat(quarantined.field("RadPost-Reason")).isEqualTo("unknown-destination");
        assertThat(quarantined.uids()).containsExactlyInAnyOrderElementsOf(objectUids(eml));
        assertThat(quarantined.objects()).allSatisfy(line -> assertThat(line.reason()).isEqualTo("unknown-destination"));

        IndependentMdn accepted = receipt(uid, ReceiptStatus.ACCEPTED);
        assertStandard(accepted, ReceiptStatus.ACCEPTED, uid, DATACENTER_RECIPIENT);
        answers(accepted, messageId(eml));
        assertThat(accepted.uids()).containsExactlyInAnyOrderElementsOf(objectUids(eml));
    }

    @Test
    void deliveredReceiptOfAResentMessageListsTheObjectsAlreadyHeld() throws Exception {
        SampleStudy study = SampleStudy.ct();
        study.writeImages(dir.resolve("resent"), 2);
        StudyBatch batch = scan(dir.resolve("resent"));
        Path first = new MessageWriter().write(toViewer(), batch, dir.resolve("resent-1"), "first" + System.nanoTime()).get(0);
        Path again = new MessageWriter().write(toViewer(), batch, dir.resolve("resent-2"), "again" + System.nanoTime()).get(0);
        assertThat(messageId(first)).isNotEqualTo(messageId(again));

        assertThat(fixture.send(first)).isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();
        assertThat(fixture.send(again)).isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();
        fetchAsViewer(batch.studyUid(), 2);

        List<IndependentMdn> delivered = receipts(batch.studyUid(), ReceiptStatus.DELIVERED, 2);
        for (IndependentMdn receipt : delivered) {
            assertStandard(receipt, ReceiptStatus.DELIVERED, batch.studyUid(), VIEWER_RECIPIENT);
            assertThat(receipt.uids()).as("delivered " + receipt.field("Original-Message-ID"))
                    .containsExactlyInAnyOrderElementsOf(objectUids(first));
        }
        assertThat(delivered).extracting(r -> r.field("Original-Message-ID"))
                .containsExactlyInAnyOrder(messageId(first), messageId(again));
    }

    @Test
    void viewedAndReportedReceiptsNameTheCentersMessageAndTheViewer() throws Exception {
        SampleStudy study = SampleStudy.ct();
        study.writeImages(dir.resolve("viewed"), 2);
        Path eml = fixture.packageStudy(dir.resolve("viewed"), DataCenterFixture.VIEWER, Priority.STAT).get(0);
        StudyUid uid = StudyUid.of(study.studyInstanceUid());
        String centerMessage = messageId(eml);
        assertThat(fixture.send(eml)).isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();
        List<MailboxReader.Fetched> fetched = fetchAsViewer(uid, 1);
        assertThat(fetched.get(0).message().messageId()).isEqualTo(centerMessage);

        // What the viewer agent sends when the radiologist opens the study: it answers the message it fetched.
        Path viewed = dir.resolve("viewed.eml");
        List<ReceiptEntry> images = fetched.get(0).message().objects().stream()
                .map(o -> ReceiptEntry.of(ObjectType.IMAGE, o.sopInstanceUid())).toList();
        new ReceiptWriter().write(new Receipt(ReceiptStatus.VIEWED, DataCenterFixture.VIEWER,
                fixture.dataCenter.config().dataCenterAddress(), uid, centerMessage, "", "", images, Instant.now()), viewed);
        assertThat(fixture.submitter(DataCenterFixture.VIEWER).submit(viewed, n -> { })).isInstanceOf(SubmitOutcome.Sent.class);
        Path reportFile = study.writeTextReport(dir.resolve("viewed-report"), "Findings: none. Impression: normal study.");
        Path report = new MessageWriter().write(new Addressing(DataCenterFixture.VIEWER, DataCenterFixture.CENTER, Priority.ROUTINE),
                scan(reportFile), dir.resolve("viewed-report-out")).get(0);
        assertThat(fixture.submitter(DataCenterFixture.VIEWER).submit(report, n -> { })).isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();

        IndependentMdn seen = receipt(uid, ReceiptStatus.VIEWED);
        assertStandard(seen, ReceiptStatus.VIEWED, uid, VIEWER_RECIPIENT);
        answers(seen, centerMessage);
        assertThat(seen.uids()).containsExactlyInAnyOrderElementsOf(objectUids(eml));
        assertThat(DocumentedShape.of(seen.file())).as("as docs/wire-format.md shows").isEqualTo(DocumentedShape.example("receipt"));

        IndependentMdn reported = receipt(uid, ReceiptStatus.REPORTED);
        assertStandard(reported, ReceiptStatus.REPORTED, uid, VIEWER_RECIPIENT);
        answers(reported, centerMessage);
        assertThat(reported.objects()).singleElement().satisfies(line -> {
            assertThat(line.type()).isEqualTo("report");
            assertThat(line.uid()).isEqualTo(objectUids(report).get(0));
        });

        for (ReceiptStatus status : List.of(ReceiptStatus.ACCEPTED, ReceiptStatus.DELIVERED, ReceiptStatus.ARCHIVED)) {
            IndependentMdn receipt = receipt(uid, status);
            assertStandard(receipt, status, uid, status == ReceiptStatus.DELIVERED ? VIEWER_RECIPIENT : DATACENTER_RECIPIENT);
            answers(receipt, centerMessage);
            assertThat(receipt.uids()).as(status.token()).containsExactlyInAnyOrderElementsOf(objectUids(eml));
        }
    }

    /** RFC 8098's structure and fields, and RadPost's, as the document names them for this status. */
    private static void assertStandard(IndependentMdn r, ReceiptStatus status, StudyUid study, String finalRecipient)
            throws MessagingException {
        assertThat(r.reportType().getBaseType()).isEqualToIgnoringCase("multipart/report");
        assertThat(r.reportType().getParameter("report-type")).isEqualToIgnoringCase("disposition-notification");
        assertThat(r.header("Auto-Submitted")).isEqualTo("auto-replied");
        assertThat(r.header("X-RadPost-Receipt-Status")).isEqualTo(status.token());
        assertThat(r.header("X-RadPost-Study-UID")).isEqualTo(study.value());
        assertThat(r.header("Subject")).contains("(" + r.objects().size() + " objects)");
        assertThat(r.humanText()).isNotBlank();
        assertThat(r.field("Reporting-UA")).isNotBlank();
        assertThat(r.field("Final-Recipient")).as("whose disposition this reports").isEqualTo(finalRecipient);
        assertThat(r.field("Disposition")).isEqualTo("automatic-action/MDN-sent-automatically; " + status.disposition());
        assertThat(r.field("RadPost-Status")).isEqualTo(status.token());
        assertThat(r.field("RadPost-Study-UID")).isEqualTo(study.value());
        assertThat(Instant.parse(r.field("RadPost-At"))).isBefore(Instant.now().plus(Duration.ofHours(3)));
        assertThat(r.objects()).as("every object line names a type and a UID")
                .allSatisfy(line -> assertThat(ObjectType.fromToken(line.type())).isPresent())
                .allSatisfy(line -> assertThat(line.uid()).matches("[0-9.]+"));
    }

    /** The receipt answers this message: Original-Message-ID names it, In-Reply-To and References list it. */
    private static void answers(IndependentMdn r, String messageId) throws MessagingException {
        assertThat(r.field("Original-Message-ID")).as("Original-Message-ID").isEqualTo(messageId);
        assertThat(r.ids("In-Reply-To")).as("In-Reply-To").contains(messageId);
        assertThat(r.ids("References")).as("References").contains(messageId);
    }

    private IndependentMdn receipt(StudyUid study, ReceiptStatus status) {
        return receipts(study, status, 1).get(0);
    }

    /** Waits until the center's mailbox has handed over {@code count} receipts of this study and status. */
    private List<IndependentMdn> receipts(StudyUid study, ReceiptStatus status, int count) {
        List<IndependentMdn> found = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            centerMailbox.fetchAll().forEach(f -> centerFiles.add(f.file()));
            found.clear();
            for (Path file : centerFiles) {
                if (mime(file).getHeader("X-RadPost-Receipt-Status") == null) {
                    continue; // a report or overlay from the viewer, not a receipt
                }
                IndependentMdn mdn = IndependentMdn.parse(file);
                if (study.value().equals(mdn.header("X-RadPost-Study-UID"))
                        && status.token().equals(mdn.header("X-RadPost-Receipt-Status"))) {
                    found.add(mdn);
                }
            }
            return found.size() >= count;
        });
        return List.copyOf(found);
    }

    /** Fetches (and deletes, so the data center records delivery) the viewer's messages of this study. */
    private List<MailboxReader.Fetched> fetchAsViewer(StudyUid study, int count) throws IOException {
        MailboxReader viewer = new MailboxReader(pop3(DataCenterFixture.VIEWER), dir.resolve("viewer-mailbox"));
        List<MailboxReader.Fetched> fetched = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            viewer.fetchAll().stream().filter(f -> f.message() != null && f.message().studyUid().equals(study)).forEach(fetched::add);
            return fetched.size() >= count;
        });
        return fetched;
    }

    private Addressing toViewer() {
        return new Addressing(DataCenterFixture.CENTER, DataCenterFixture.VIEWER, Priority.ROUTINE);
    }

    private Pop3Settings pop3(String user) {
        return new Pop3Settings("127.0.0.1", fixture.dataCenter.pop3sPort(), user, DataCenterFixture.PASSWORD,
                fixture.dataCenter.trustStore(), "changeit");
    }

    private static StudyBatch scan(Path files) {
        return new StudyScanner().scan(List.of(files)).studies().get(0);
    }

    private static MimeMessage mime(Path eml) throws IOException, MessagingException {
        try (InputStream in = Files.newInputStream(eml)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }

    private static String messageId(Path eml) throws IOException, MessagingException {
        return mime(eml).getMessageID();
    }

    /** The SOP Instance UIDs a RadPost message names in its X-RadPost-Object headers. */
    private static List<String> objectUids(Path eml) throws IOException, MessagingException {
        String[] objects = mime(eml).getHeader("X-RadPost-Object");
        List<String> uids = new ArrayList<>();
        for (String object : objects) {
            uids.add(new jakarta.mail.internet.ParameterList(object.substring(object.indexOf(';')).replaceAll("\\s+", " ")).get("uid"));
        }
        return uids;
    }
}
