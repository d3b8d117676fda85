package org.radpost.viewer.outbox;

import org.radpost.viewer.GreenMailTls;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.wire.WireHeaders;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.viewer.TestMail;
import org.radpost.viewer.annotate.Point;
import org.radpost.viewer.annotate.PresentationStateWriter;
import org.radpost.viewer.annotate.Shape;
import org.radpost.viewer.store.LocalDatabase;
import org.radpost.viewer.store.OutgoingKind;
import org.radpost.viewer.store.OutgoingMessage;
import org.radpost.viewer.store.OutgoingQueue;

class OutboxSenderTest {
    @TempDir
    Path dir;

    private TestMail mail;
    private LocalDatabase database;
    private Outbox outbox;

    @BeforeEach
    void start() throws Exception {
        mail = new TestMail();
        database = LocalDatabase.open(dir.resolve("db"));
        outbox = new Outbox(new OutgoingQueue(database), dir.resolve("outgoing"));
    }

    @AfterEach
    void stop() {
        database.close();
        mail.close();
    }

    private SmtpSubmitter submitter(int port) throws Exception {
        return new SmtpSubmitter(SmtpSettings.of("127.0.0.1", port, SmtpSettings.Security.SMTPS, TestMail.VIEWER,
                TestMail.PASSWORD, GreenMailTls.trustStore(), GreenMailTls.PASSWORD));
    }

    @Test
    void keepsAnOverlayQueuedWhileTheServerIsDownAndSendsItLaterWithItsHeaders() throws Exception {
        Path image = SampleStudy.ct().writeImages(dir.resolve("in"), 1).get(0);
        PresentationStateWriter.Written overlay = new PresentationStateWriter().write(image,
                List.of(new Shape(Shape.Kind.TEXT, List.of(new Point(5, 5)), "hello")), "Dr Reader", dir.resolve("ps"));
        outbox.queueObject(OutgoingKind.OVERLAY, overlay.file(), Outbox.addressing(TestMail.VIEWER, TestMail.CENTER));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }

        int sentWhileDown = new OutboxSender(outbox, submitter(closedPort)).sendQueued();
        List<OutgoingMessage> afterFailure = outbox.queued();
        int sentWhenUp = new OutboxSender(outbox, submitter(mail.smtp().port())).sendQueued();

        assertThat(sentWhileDown).isZero();
        assertThat(afterFailure).hasSize(1);
        assertThat(afterFailure.get(0).attempts()).isEqualTo(1);
        assertThat(afterFailure.get(0).lastError()).isPresent();
        assertThat(sentWhenUp).isEqualTo(1);
        assertThat(outbox.queued()).isEmpty();
        MimeMessage received = mail.greenMail.getReceivedMessages()[0];
        assertThat(received.getHeader(WireHeaders.OBJECT_TYPE, null)).isEqualTo("overlay");
        assertThat(received.getAllRecipients()[0].toString()).isEqualTo(TestMail.CENTER);
    }
}
