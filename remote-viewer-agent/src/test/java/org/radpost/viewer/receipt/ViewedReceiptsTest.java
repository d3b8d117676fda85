package org.radpost.viewer.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.testkit.SampleStudy;
import org.radpost.viewer.GreenMailTls;
import org.radpost.viewer.TestMail;
import org.radpost.viewer.extract.Extractor;
import org.radpost.viewer.outbox.Outbox;
import org.radpost.viewer.outbox.OutboxSender;
import org.radpost.viewer.outbox.ReturnRoute;
import org.radpost.viewer.poll.MailboxPoller;
import org.radpost.viewer.store.Inbox;
import org.radpost.viewer.store.LocalDatabase;
import org.radpost.viewer.store.OutgoingQueue;
import org.radpost.viewer.store.StudyIndex;
import org.radpost.viewer.store.Studies;
import org.radpost.wire.Priority;
import org.radpost.wire.StudyUid;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * The viewed receipt the agent writes, read with Jakarta Mail: it answers the messages the viewer fetched for the
 * study (all parts, the first as Original-Message-ID), reports the viewer's disposition, and names every image.
 */
class ViewedReceiptsTest {
    @TempDir
    Path dir;

    private TestMail mail;
    private LocalDatabase database;
    private Extractor extractor;

    @BeforeEach
    void start() {
        mail = new TestMail();
        database = LocalDatabase.open(dir.resolve("data"));
    }

    @AfterEach
    void stop() {
        if (extractor != null) {
            extractor.close();
        }
        database.close();
        mail.close();
    }

    @Test
    void theViewedReceiptAnswersEveryFetchedPartAndNamesTheViewer() throws Exception {
        SampleStudy study = SampleStudy.ct().size(256, 256);
        // 128 kB images under a 64 kB cap: each travels alone, three parts.
        List<Path> parts = mail.deliverStudy(study, 3, 64 * 1024, Priority.ROUTINE, dir);
        assertThat(parts).hasSize(3);
        Inbox inbox = new Inbox(database);
        StudyIndex index = new StudyIndex(database);
        Studies studies = new Studies(database);
        extractor = new Extractor(inbox, index);
        new MailboxPoller(mail.pop3(), GreenMailTls.clientTls(), inbox, dir.resolve("data"), () -> { }).pollNow();
        extractor.drain();
        Outbox outbox = new Outbox(new OutgoingQueue(database), dir.resolve("data").resolve("outgoing"));
        OutboxSender sender = new OutboxSender(outbox, (eml, sent) -> new SubmitOutcome.Sent("250 not sent in this test"));

        try (ViewedReceipts receipts = new ViewedReceipts(studies, index, inbox, outbox, sender,
                new ReturnRoute(TestMail.VIEWER, ""))) {
            assertThat(receipts.queueViewed(StudyUid.of(study.studyInstanceUid()))).isTrue();
        }

        Path eml;
        try (Stream<Path> files = Files.list(outbox.folder())) {
            eml = files.filter(f -> f.getFileName().toString().startsWith("viewed-")).findFirst().orElseThrow();
        }
        List<String> fetched = new ArrayList<>();
        for (Path part : parts) {
            fetched.add(mime(part).getMessageID());
        }
        MimeMessage receipt = mime(eml);
        InternetHeaders fields = mdnFields(receipt);
        assertThat(fields.getHeader("Original-Message-ID", null)).isEqualTo(fetched.get(0));
        assertThat(ids(receipt.getHeader("References", " "))).containsExactlyElementsOf(fetched);
        assertThat(ids(receipt.getHeader("In-Reply-To", " "))).containsExactlyElementsOf(fetched);
        assertThat(fields.getHeader("Final-Recipient", null)).isEqualTo("rfc822; " + TestMail.VIEWER);
        assertThat(fields.getHeader("Disposition", null)).endsWith("; displayed");
        assertThat(fields.getHeader("RadPost-Object")).hasSize(3);
    }

    private static MimeMessage mime(Path eml) throws Exception {
        try (InputStream in = Files.newInputStream(eml)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }

    private static InternetHeaders mdnFields(MimeMessage message) throws Exception {
        MimeMultipart report = (MimeMultipart) message.getContent();
        for (int i = 0; i < report.getCount(); i++) {
            BodyPart part = report.getBodyPart(i);
            if (part.isMimeType("message/disposition-notification")) {
                return new InternetHeaders(part.getInputStream());
            }
        }
        throw new AssertionError("no message/disposition-notification part");
    }

    private static List<String> ids(String header) {
        return header == null ? List.of() : Arrays.stream(header.trim().split("\\s+")).toList();
    }
}
