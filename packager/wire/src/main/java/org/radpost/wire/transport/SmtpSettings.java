package org.radpost.wire.transport;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how the packager submits mail: the data center's SMTP endpoint, always over TLS verified
 * against the deployment's trust store, always with AUTH.
 */
public record SmtpSettings(String host, int port, Security security, String user, char[] password,
                           Path trustStore, char[] trustStorePassword, Timeouts timeouts) {

    /** How TLS starts: implicit TLS from the first byte (SMTPS, port 465) or STARTTLS (port 587), never plain. */
    public enum Security {
        SMTPS, STARTTLS;

        /** Parses "smtps" or "starttls" (any case), saying what is allowed when the value is wrong. */
        public static Security parse(String value) {
            for (Security security : values()) {
                if (security.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                    return security;
                }
            }
            throw new IllegalArgumentException("smtp security '" + value + "' is not known; use smtps or starttls");
        }
    }

    /** Connect, read and write time limits; a server that stalls longer counts as a temporary failure. */
    public record Timeouts(Duration connect, Duration read, Duration write) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(20), Duration.ofSeconds(120), Duration.ofSeconds(120));
    }

    public SmtpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the SMTP host is not set (smtp.host)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the SMTP port " + port + " is not a TCP port (smtp.port, e.g. 465 for smtps)");
        }
        if (security == null) {
            throw new IllegalArgumentException("the SMTP security is not set (smtp.security: smtps or starttls)");
        }
        if (user == null || user.isBlank() || password == null || password.length == 0) {
            throw new IllegalArgumentException("SMTP AUTH needs a user and a password (smtp.user, smtp.password)");
        }
        if (trustStore == null) {
            throw new IllegalArgumentException("the trust store is not set (smtp.truststore: the deployment CA's truststore.p12)");
        }
        trustStorePassword = trustStorePassword == null ? new char[0] : trustStorePassword;
        timeouts = timeouts == null ? Timeouts.DEFAULT : timeouts;
    }

    /** Settings with the default time limits. */
    public static SmtpSettings of(String host, int port, Security security, String user, String password,
                                  Path trustStore, String trustStorePassword) {
        return new SmtpSettings(host, port, security, user, password == null ? null : password.toCharArray(),
                trustStore, trustStorePassword == null ? null : trustStorePassword.toCharArray(), Timeouts.DEFAULT);
    }

    public SmtpSettings withTimeouts(Timeouts newTimeouts) {
        return new SmtpSettings(host, port, security, user, password, trustStore, trustStorePassword, newTimeouts);
    }

    @Override
    public String toString() {
        // Never print the passwords.
        return security.name().toLowerCase() + "://" + user + "@" + host + ":" + port + " (trust " + trustStore + ")";
    }
}
