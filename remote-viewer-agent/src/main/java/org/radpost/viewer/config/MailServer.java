package org.radpost.viewer.config;

import java.util.Locale;

/**
 * A mail server the agent logs in to: host, port, how TLS starts (implicit TLS, or STARTTLS/STLS on a plain port),
 * and the mailbox's user and password. Plain-text sessions are not offered.
 */
public record MailServer(String host, int port, boolean implicitTls, String user, String password) {
    public MailServer {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a mail server host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("mail server port " + port + " on " + host + " is not a TCP port");
        }
        if (user == null || user.isBlank() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the mailbox on " + host + ":" + port + " needs a user and a password");
        }
    }

    /** Reads "tls"/"pop3s"/"smtps" (implicit TLS) or "starttls"/"stls". */
    public static boolean implicitTls(String security) {
        String s = security == null ? "tls" : security.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "tls", "ssl", "pop3s", "smtps", "implicit" -> true;
            case "starttls", "stls" -> false;
            default -> throw new IllegalArgumentException("mail security '" + security
                    + "' is not known; use tls (POP3S/SMTPS) or starttls (STLS/STARTTLS)");
        };
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port + (implicitTls ? " (TLS)" : " (STARTTLS)");
    }
}
