package org.radpost.datacenter.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.radpost.schema.DatabaseConfig;

/**
 * Everything the data center needs to start, checked at start-up with a sentence that says what to fix.
 *
 * @param dataDir spool, objects, mailboxes, archive and (by default) the H2 database live here
 * @param domain the data center's mail domain; receipts come from {@code datacenter@<domain>}
 * @param tlsDir the deployment CA folder (truststore.p12, and the server's key store {@code server.p12})
 * @param maxAttempts how often a queued stage is tried before its message ends FAILED for an operator
 * @param spoolKeep how long a delivered and archived message's spooled files stay before retention removes them
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
        Duration spoolKeep) {

    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    public static final Duration DEFAULT_SPOOL_KEEP = Duration.ofDays(7);

    public DatacenterConfig {
        if (dataDir == null) {
            throw new IllegalArgumentException("datacenter.data-dir is not set: name a folder for the spool, mailboxes and archive");
        }
        if (domain == null || !domain.matches("[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException("datacenter.domain '" + domain + "' is not a mail domain such as radpost.example");
        }
        if (maxMessageBytes < 1024 * 1024) {
            throw new IllegalArgumentException("datacenter.max-message-bytes " + maxMessageBytes + " is below 1 MB; studies would not fit");
        }
        database = database == null ? DatabaseConfig.embedded(dataDir.resolve("db")) : database;
        tlsDir = tlsDir == null ? dataDir.resolve("tls") : tlsDir;
        tlsPassword = tlsPassword == null ? "changeit".toCharArray() : tlsPassword;
        incompleteStudyTimeout = incompleteStudyTimeout == null ? Duration.ofMinutes(30) : incompleteStudyTimeout;
        archiveVolumeBytes = archiveVolumeBytes <= 0 ? 1L << 30 : archiveVolumeBytes;
        maxAttempts = maxAttempts == 0 ? DEFAULT_MAX_ATTEMPTS : maxAttempts;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("datacenter.max-attempts " + maxAttempts + " must be at least 1");
        }
        spoolKeep = spoolKeep == null ? DEFAULT_SPOOL_KEEP : spoolKeep;
        if (spoolKeep.isNegative()) {
            throw new IllegalArgumentException("datacenter.spool-keep " + spoolKeep + " cannot be negative; give a period such as 7d or P7D");
        }
    }

    /** The settings as they were before queue limits and spool retention existed: those take their defaults. */
    public DatacenterConfig(Path dataDir, String domain, DatabaseConfig database, String bindAddress, int smtpsPort,
                            int startTlsPort, int pop3sPort, long maxMessageBytes, Path tlsDir, char[] tlsPassword,
                            Duration incompleteStudyTimeout, long archiveVolumeBytes) {
        this(dataDir, domain, database, bindAddress, smtpsPort, startTlsPort, pop3sPort, maxMessageBytes, tlsDir, tlsPassword,
                incompleteStudyTimeout, archiveVolumeBytes, 0, null);
    }

    /** The same settings with another attempt limit and spool keep period. */
    public DatacenterConfig withQueue(int attempts, Duration keep) {
        return new DatacenterConfig(dataDir, domain, database, bindAddress, smtpsPort, startTlsPort, pop3sPort, maxMessageBytes,
                tlsDir, tlsPassword, incompleteStudyTimeout, archiveVolumeBytes, attempts, keep);
    }

    /** A period as {@code 7d}, {@code 12h}, {@code 30m} or ISO-8601 ({@code P7D}, {@code PT12H}). */
    static Duration period(String key, String value) {
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

    /** The address receipts and resend requests come from. */
    public String dataCenterAddress() {
        return "datacenter@" + domain;
    }

    /** Loopback on free ports with an H2 database in {@code dataDir}: tests and the demo. */
    public static DatacenterConfig local(Path dataDir, DatabaseConfig database) {
        return new DatacenterConfig(dataDir, "radpost.test", database, "127.0.0.1", 0, 0, 0,
                2L * 1024 * 1024 * 1024 + 64L * 1024 * 1024, null, null, null, 0);
    }

    /** Reads {@code datacenter.properties}; every key is optional except data-dir (see README). */
    public static DatacenterConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        Path dataDir = Path.of(p.getProperty("datacenter.data-dir", "var/datacenter"));
        String url = p.getProperty("datacenter.db.url");
        DatabaseConfig database = url == null ? null
                : new DatabaseConfig(url, p.getProperty("datacenter.db.user", ""), p.getProperty("datacenter.db.password", ""), 10);
        try {
            return new DatacenterConfig(dataDir, p.getProperty("datacenter.domain", "radpost.local"), database,
                    p.getProperty("datacenter.bind", "127.0.0.1"),
                    Integer.parseInt(p.getProperty("datacenter.smtps-port", "4650")),
                    Integer.parseInt(p.getProperty("datacenter.starttls-port", "5870")),
                    Integer.parseInt(p.getProperty("datacenter.pop3s-port", "9950")),
                    Long.parseLong(p.getProperty("datacenter.max-message-bytes", Long.toString(2L * 1024 * 1024 * 1024 + 64L * 1024 * 1024))),
                    p.containsKey("datacenter.tls-dir") ? Path.of(p.getProperty("datacenter.tls-dir")) : null,
                    p.getProperty("datacenter.tls-password", "changeit").toCharArray(),
                    Duration.ofMinutes(Long.parseLong(p.getProperty("datacenter.incomplete-study-minutes", "30"))),
                    Long.parseLong(p.getProperty("datacenter.archive-volume-bytes", Long.toString(1L << 30))),
                    Integer.parseInt(p.getProperty("datacenter.max-attempts", Integer.toString(DEFAULT_MAX_ATTEMPTS))),
                    period("datacenter.spool-keep", p.getProperty("datacenter.spool-keep", "7d")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a number in " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
