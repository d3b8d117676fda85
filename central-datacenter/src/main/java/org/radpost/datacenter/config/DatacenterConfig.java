package org.radpost.datacenter.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.radpost.schema.DatabaseConfig;
import org.radpost.wire.tls.DeploymentCa;
import org.radpost.wire.tls.KeyStorePassword;

/**
 * Everything the data center needs to start, checked at start-up with a sentence that says what to fix; each
 * sentence names the property as it is written in {@code datacenter.properties}.
 *
 * @param dataDir spool, objects, mailboxes, archive, logs and (by default) the H2 database live here
 * @param domain the data center's mail domain; receipts come from {@code datacenter@<domain>}
 * @param tlsDir the deployment CA folder (truststore.p12, and the server's key store {@code server.p12})
 * @param maxAttempts how often a queued stage is tried before its message ends FAILED for an operator
 * @param spoolKeep how long a delivered and archived message's spooled files stay before retention removes them
 * @param consolePort the admin console's HTTPS port (0: a free port)
 * @param consoleIdleTimeout a console session ends after this long without a request
 * @param sendUnflaggedScUs whether secondary capture and ultrasound objects without a BurnedInAnnotation flag go to
 *                          de-identified viewers (their pixels often show the patient's name; off by default)
 * @param metricsToken the bearer token a Prometheus scraper presents at the console's {@code /metrics}; null or blank:
 *     only clients on this machine (loopback) may scrape, without a token
 * @param mailboxEventsPort the HTTPS port of {@code /mailbox/events}, the push that tells a viewer to poll now (0: a free port)
 */
public record DatacenterConfig(
        Path dataDir,
        String domain,
        DatabaseConfig database,
        String bindAddress,
        int smtpsPort,
        int startTlsPort,
        int pop3sPort,
        long maxMessageBytes,
        Path tlsDir,
        char[] tlsPassword,
        Duration incompleteStudyTimeout,
        long archiveVolumeBytes,
        int maxAttempts,
        Duration spoolKeep,
        int consolePort,
        Duration consoleIdleTimeout,
        boolean sendUnflaggedScUs,
        String metricsToken,
        int mailboxEventsPort) {

    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    public static final Duration DEFAULT_SPOOL_KEEP = Duration.ofDays(7);

    public DatacenterConfig {
        if (dataDir == null) {
            throw new IllegalArgumentException(Setting.DATA_DIR.key() + " is not set: name a folder for the spool, mailboxes and archive");
        }
        if (domain == null || !domain.matches("[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException(Setting.DOMAIN.key() + " '" + domain + "' is not a mail domain such as radpost.example");
        }
        if (maxMessageBytes < 1024 * 1024) {
            throw new IllegalArgumentException(Setting.MAX_MESSAGE_BYTES.key() + " " + maxMessageBytes + " is below 1 MB; studies would not fit");
        }
        Setting.SMTPS_PORT.checkPort(smtpsPort);
        Setting.STARTTLS_PORT.checkPort(startTlsPort);
        Setting.POP3S_PORT.checkPort(pop3sPort);
        Setting.CONSOLE_PORT.checkPort(consolePort);
        Setting.MAILBOX_EVENTS_PORT.checkPort(mailboxEventsPort);
        database = database == null ? DatabaseConfig.embedded(dataDir.resolve("db")) : database;
        tlsDir = tlsDir == null ? dataDir.resolve("tls") : tlsDir;
        // No password set: the key stores get one generated into the TLS folder (see keyStorePassword()).
        incompleteStudyTimeout = incompleteStudyTimeout == null ? Duration.ofMinutes(30) : incompleteStudyTimeout;
        archiveVolumeBytes = archiveVolumeBytes <= 0 ? 1L << 30 : archiveVolumeBytes;
        maxAttempts = maxAttempts == 0 ? DEFAULT_MAX_ATTEMPTS : maxAttempts;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(Setting.MAX_ATTEMPTS.key() + " " + maxAttempts + " must be at least 1");
        }
        spoolKeep = spoolKeep == null ? DEFAULT_SPOOL_KEEP : spoolKeep;
        if (spoolKeep.isNegative()) {
            throw new IllegalArgumentException(Setting.SPOOL_KEEP.key() + " " + spoolKeep + " cannot be negative; give a period such as 7d or P7D");
        }
        consoleIdleTimeout = consoleIdleTimeout == null ? Duration.ofMinutes(30) : consoleIdleTimeout;
        metricsToken = metricsToken == null || metricsToken.isBlank() ? null : metricsToken.trim();
        if (metricsToken != null && metricsToken.length() < 16) {
            throw new IllegalArgumentException(Setting.METRICS_TOKEN.key() + " is too short to be a secret: use at least 16"
                    + " characters (for example the output of 'openssl rand -hex 24'), or leave it unset to allow loopback scrapes only");
        }
    }

    /** The settings as they were before the metrics endpoint: loopback-only scrapes. */
    public DatacenterConfig(Path dataDir, String domain, DatabaseConfig database, String bindAddress, int smtpsPort,
                            int startTlsPort, int pop3sPort, long maxMessageBytes, Path tlsDir, char[] tlsPassword,
                            Duration incompleteStudyTimeout, long archiveVolumeBytes, int maxAttempts, Duration spoolKeep,
                            int consolePort, Duration consoleIdleTimeout) {
        this(dataDir, domain, database, bindAddress, smtpsPort, startTlsPort, pop3sPort, maxMessageBytes, tlsDir, tlsPassword,
                incompleteStudyTimeout, archiveVolumeBytes, maxAttempts, spoolKeep, consolePort, consoleIdleTimeout, false, null, 0);
    }

    /** The settings as they were before queue limits, spool retention and the console: those take their defaults (the console a free port). */
    public DatacenterConfig(Path dataDir, String domain, DatabaseConfig database, String bindAddress, int smtpsPort,
                            int startTlsPort, int pop3sPort, long maxMessageBytes, Path tlsDir, char[] tlsPassword,
                            Duration incompleteStudyTimeout, long archiveVolumeBytes) {
        this(dataDir, domain, database, bindAddress, smtpsPort, startTlsPort, pop3sPort, maxMessageBytes, tlsDir, tlsPassword,
                incompleteStudyTimeout, archiveVolumeBytes, 0, null, 0, null, false, null, 0);
    }

    /** The same settings with another attempt limit and spool keep period. */
    public DatacenterConfig withQueue(int attempts, Duration keep) {
        return new DatacenterConfig(dataDir, domain, database, bindAddress, smtpsPort, startTlsPort, pop3sPort, maxMessageBytes,
                tlsDir, tlsPassword, incompleteStudyTimeout, archiveVolumeBytes, attempts, keep, consolePort, consoleIdleTimeout,
                sendUnflaggedScUs, metricsToken, mailboxEventsPort);
    }

    /** The same settings with another console port and idle timeout. */
    public DatacenterConfig withConsole(int port, Duration idleTimeout) {
        return new DatacenterConfig(dataDir, domain, database, bindAddress, smtpsPort, startTlsPort, pop3sPort, maxMessageBytes,
                tlsDir, tlsPassword, incompleteStudyTimeout, archiveVolumeBytes, maxAttempts, spoolKeep, port, idleTimeout,
                sendUnflaggedScUs, metricsToken, mailboxEventsPort);
    }

    /** The same settings with secondary capture and ultrasound without a BurnedInAnnotation flag sent, or withheld. */
    public DatacenterConfig withUnflaggedScUs(boolean send) {
        return new DatacenterConfig(dataDir, domain, database, bindAddress, smtpsPort, startTlsPort, pop3sPort, maxMessageBytes,
                tlsDir, tlsPassword, incompleteStudyTimeout, archiveVolumeBytes, maxAttempts, spoolKeep, consolePort,
                consoleIdleTimeout, send, metricsToken, mailboxEventsPort);
    }

    /** The same settings with a bearer token for {@code /metrics}. */
    public DatacenterConfig withMetricsToken(String token) {
        return new DatacenterConfig(dataDir, domain, database, bindAddress, smtpsPort, startTlsPort, pop3sPort, maxMessageBytes,
                tlsDir, tlsPassword, incompleteStudyTimeout, archiveVolumeBytes, maxAttempts, spoolKeep, consolePort,
                consoleIdleTimeout, sendUnflaggedScUs, token, mailboxEventsPort);
    }

    /** The same settings with another port for the viewers' mailbox events. */
    public DatacenterConfig withMailboxEventsPort(int port) {
        return new DatacenterConfig(dataDir, domain, database, bindAddress, smtpsPort, startTlsPort, pop3sPort, maxMessageBytes,
                tlsDir, tlsPassword, incompleteStudyTimeout, archiveVolumeBytes, maxAttempts, spoolKeep, consolePort,
                consoleIdleTimeout, sendUnflaggedScUs, metricsToken, port);
    }

    /** A period as {@code 7d}, {@code 12h}, {@code 30m} or ISO-8601 ({@code P7D}, {@code PT12H}). */
    public static Duration period(String key, String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.matches("\\d+[dhm]")) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return switch (v.charAt(v.length() - 1)) {
                    case 'd' -> Duration.ofDays(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofMinutes(n);
                };
            }
            return Duration.parse(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " '" + value + "' is not a period; write it as 7d, 12h, 30m or P7D", e);
        }
    }

    /**
     * The password of the CA's and the servers' key stores: {@code datacenter.tls-password} if set, otherwise the one
     * generated into {@code <tls-dir>/keystore.password} (owner-only) when the CA is made.
     */
    public char[] keyStorePassword() throws IOException {
        return tlsPassword != null ? tlsPassword.clone() : KeyStorePassword.of(tlsDir);
    }

    /** The trust store's password: {@code datacenter.tls-password} if set, otherwise the public "changeit" clients use. */
    public char[] trustStorePassword() {
        return tlsPassword != null ? tlsPassword.clone() : DeploymentCa.PUBLIC_TRUST_STORE_PASSWORD.toCharArray();
    }

    /** The address receipts and resend requests come from. */
    public String dataCenterAddress() {
        return "datacenter@" + domain;
    }

    /** Where the rotating log file is written. */
    public Path logDir() {
        return dataDir.resolve("logs");
    }

    /** Loopback on free ports with an H2 database in {@code dataDir}: tests and the demo. */
    public static DatacenterConfig local(Path dataDir, DatabaseConfig database) {
        return new DatacenterConfig(dataDir, "radpost.test", database, "127.0.0.1", 0, 0, 0,
                2L * 1024 * 1024 * 1024 + 64L * 1024 * 1024, null, null, null, 0, 0, null, 0, null, false, null, 0);
    }

    /** Reads {@code datacenter.properties}; every key is optional (see README); an unknown key is refused. */
    public static DatacenterConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        for (String key : p.stringPropertyNames()) {
            Setting.requireKnown(key, file);
        }
        Path dataDir = Path.of(Setting.DATA_DIR.read(p));
        String url = Setting.DB_URL.read(p);
        DatabaseConfig database = url == null ? null
                : new DatabaseConfig(url, Setting.DB_USER.read(p), Setting.DB_PASSWORD.read(p), 10);
        return new DatacenterConfig(dataDir, Setting.DOMAIN.read(p), database,
                Setting.BIND.read(p),
                Setting.SMTPS_PORT.readPort(p),
                Setting.STARTTLS_PORT.readPort(p),
                Setting.POP3S_PORT.readPort(p),
                Setting.MAX_MESSAGE_BYTES.readLong(p),
                Setting.TLS_DIR.read(p) == null ? null : Path.of(Setting.TLS_DIR.read(p)),
                Setting.TLS_PASSWORD.read(p) == null ? null : Setting.TLS_PASSWORD.read(p).toCharArray(),
                Duration.ofMinutes(Setting.INCOMPLETE_STUDY_MINUTES.readLong(p)),
                Setting.ARCHIVE_VOLUME_BYTES.readLong(p),
                (int) Setting.MAX_ATTEMPTS.readLong(p),
                period(Setting.SPOOL_KEEP.key(), Setting.SPOOL_KEEP.read(p)),
                Setting.CONSOLE_PORT.readPort(p),
                Duration.ofMinutes(Setting.CONSOLE_IDLE_MINUTES.readLong(p)),
                Setting.DEIDENTIFY_SEND_UNFLAGGED_SC_US.readBoolean(p),
                Setting.METRICS_TOKEN.read(p),
                Setting.MAILBOX_EVENTS_PORT.readPort(p));
    }
}
