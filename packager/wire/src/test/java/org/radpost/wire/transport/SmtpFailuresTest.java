package org.radpost.wire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

/** Replies GreenMail cannot be made to give (4xx and 5xx after DATA or RCPT), as Angus reports them. */
class SmtpFailuresTest {

    @Test
    void a5xxAfterDataIsPermanentWithCodeEnhancedCodeAndText() {
        SMTPSendFailedException e = new SMTPSendFailedException("DATA", 554, "554 5.6.0 header UID differs from the DICOM object\n",
                null, new Address[0], new Address[0], new Address[0]);

        SubmitOutcome outcome = SmtpFailures.classify(e, "dc:465", 554, "554 5.6.0 header UID differs from the DICOM object");

        assertThat(outcome).isEqualTo(new SubmitOutcome.PermanentFailure(554, "5.6.0",
                "header UID differs from the DICOM object (after DATA)"));
    }

    @Test
    void a4xxAfterDataIsTemporaryAndKeepsTheServersWords() {
        SMTPSendFailedException e = new SMTPSendFailedException("DATA", 451, "451 4.3.0 spool full, try later",
                null, new Address[0], new Address[0], new Address[0]);

        SubmitOutcome outcome = SmtpFailures.classify(e, "dc:465", 451, "451 4.3.0 spool full, try later");

        assertThat(outcome).isInstanceOf(SubmitOutcome.TemporaryFailure.class);
        SubmitOutcome.TemporaryFailure failure = (SubmitOutcome.TemporaryFailure) outcome;
        assertThat(failure.replyCode()).isEqualTo(451);
        assertThat(failure.serverUnreachable()).isFalse();
        assertThat(failure.reason()).contains("451 4.3.0 spool full, try later");
    }

    @Test
    void aRejectedRecipientNestedInSendFailedIsPermanent() throws Exception {
        InternetAddress viewer = new InternetAddress("nobody@radpost.test");
        SendFailedException outer = new SendFailedException("Invalid Addresses",
                new SMTPAddressFailedException(viewer, "RCPT", 550, "550 5.1.1 recipient unknown"));

        SubmitOutcome outcome = SmtpFailures.classify(outer, "dc:465", 550, "550 5.1.1 recipient unknown");

        assertThat(outcome).isInstanceOf(SubmitOutcome.PermanentFailure.class);
        assertThat(((SubmitOutcome.PermanentFailure) outcome).enhancedCode()).isEqualTo("5.1.1");
        assertThat(((SubmitOutcome.PermanentFailure) outcome).serverText()).contains("nobody@radpost.test");
    }

    @Test
    void anUnknownFailureWithoutReplyIsRetried() {
        SubmitOutcome outcome = SmtpFailures.classify(new MessagingException("Exception reading response",
                new java.net.SocketException("Connection reset")), "dc:465", 0, null);

        assertThat(outcome).isInstanceOf(SubmitOutcome.TemporaryFailure.class);
        assertThat(((SubmitOutcome.TemporaryFailure) outcome).serverUnreachable()).isTrue();
    }
}
