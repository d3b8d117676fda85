package org.radpost.wire.transport;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/** Turns what the mail library threw into a typed outcome: 5xx is permanent, everything else is retried. */
final class SmtpFailures {
    private static final Pattern REPLY = Pattern.compile("^\\s*(\\d{3})[ -]?(?:([245]\\.\\d{1,3}\\.\\d{1,3})\\s+)?(.*)$", Pattern.DOTALL);

    private SmtpFailures() {}

    /**
     * @param lastCode     the transport's last reply code (0 when it never got one)
     * @param lastResponse the transport's last reply line, if any
     */
    static SubmitOutcome classify(MessagingException failure, String server, int lastCode, String lastResponse) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SMTPSendFailedException e) {
                return fromReply(e.getReturnCode(), e.getMessage(), "after " + e.getCommand());
            }
            if (t instanceof SMTPAddressFailedException e) {
                return fromReply(e.getReturnCode(), e.getMessage(), "for recipient " + e.getAddress());
            }
            if (t instanceof SMTPSenderFailedException e) {
                return fromReply(e.getReturnCode(), e.getMessage(), "for sender " + e.getAddress());
            }
            if (t instanceof AuthenticationFailedException) {
                if (lastCode < 400 || lastCode >= 600 || isPlaceholder(lastResponse)) {
                    // No reply at all (Angus says "[EOF]"): the server went away mid-login. Only a real 5xx is a refusal.
                    return new SubmitOutcome.TemporaryFailure(0, "the connection to " + server
                            + " closed during AUTH before the server answered (was it stopped?); the message is retried");
                }
                return fromReply(lastCode, lastResponse, "to AUTH as the configured user (check smtp.user and smtp.password)");
            }
            if (t instanceof CertificateException || t instanceof SSLHandshakeException
                    || t instanceof SSLPeerUnverifiedException) {
                return new SubmitOutcome.TemporaryFailure(0, "TLS with " + server + " failed: " + rootMessage(t)
                        + " (is smtp.truststore the deployment CA's trust store, and smtp.host the name in the server's certificate?)");
            }
            if (t instanceof ConnectException) {
                return new SubmitOutcome.TemporaryFailure(0, "connection to " + server + " refused or unreachable: " + t.getMessage());
            }
            if (t instanceof SocketTimeoutException) {
                return new SubmitOutcome.TemporaryFailure(0, "no answer from " + server + " in time: " + t.getMessage());
            }
            if (t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
                return new SubmitOutcome.TemporaryFailure(0, "cannot reach " + server + ": " + t);
            }
        }
        String text = String.valueOf(failure.getMessage());
        if (text.contains("STARTTLS")) {
            return new SubmitOutcome.TemporaryFailure(lastCode, server + " does not offer STARTTLS; RadPost never sends in plain text ("
                    + text.strip() + ")");
        }
        if (lastCode >= 400 && lastCode < 600 && lastResponse != null) {
            return fromReply(lastCode, lastResponse, "");
        }
        return new SubmitOutcome.TemporaryFailure(0, "sending to " + server + " failed: " + rootMessage(failure));
    }

    static SubmitOutcome fromReply(int code, String text, String context) {
        String line = text == null ? "" : text.strip();
        String enhanced = "";
        String rest = line;
        Matcher m = REPLY.matcher(line);
        if (m.matches()) {
            enhanced = m.group(2) == null ? "" : m.group(2);
            rest = m.group(3).strip();
        }
        if (code >= 500) {
            return new SubmitOutcome.PermanentFailure(code, enhanced, rest + (context.isEmpty() ? "" : " (" + context + ")"));
        }
        return new SubmitOutcome.TemporaryFailure(code, "server replied " + code + (enhanced.isEmpty() ? "" : " " + enhanced)
                + " " + rest + (context.isEmpty() ? "" : " (" + context + ")"));
    }

    /** What Angus records as the "reply" when the connection ended instead of answering. */
    private static boolean isPlaceholder(String response) {
        return response == null || response.isBlank() || response.strip().equals("[EOF]");
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (next(root) != null) {
            root = next(root);
        }
        String top = String.valueOf(t.getMessage());
        String bottom = String.valueOf(root.getMessage());
        return root == t || top.contains(bottom) ? top : top + " <- " + bottom;
    }
}
