package org.radpost.datacenter.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Properties;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** Every key {@code datacenter.properties} may hold, with its default; the README's configuration reference lists them. */
public enum Setting {
    DATA_DIR("datacenter.data-dir", "var/datacenter"),
    DOMAIN("datacenter.domain", "radpost.local"),
    BIND("datacenter.bind", "127.0.0.1"),
    SMTPS_PORT("datacenter.smtps-port", "4650"),
    STARTTLS_PORT("datacenter.starttls-port", "5870"),
    POP3S_PORT("datacenter.pop3s-port", "9950"),
    CONSOLE_PORT("datacenter.console-port", "8443"),
    /** Server-Sent Events telling a viewer to poll now; its own port, apart from the admin console. */
    MAILBOX_EVENTS_PORT("datacenter.mailbox-events-port", "9960"),
    CONSOLE_IDLE_MINUTES("datacenter.console-idle-minutes", "30"),
    /** Bearer token for the console's /metrics; unset: Prometheus may scrape from this machine only. */
    METRICS_TOKEN("datacenter.metrics-token", null),
    MAX_MESSAGE_BYTES("datacenter.max-message-bytes", Long.toString(2L * 1024 * 1024 * 1024 + 64L * 1024 * 1024)),
    TLS_DIR("datacenter.tls-dir", null),
    TLS_PASSWORD("datacenter.tls-password", null),
    INCOMPLETE_STUDY_MINUTES("datacenter.incomplete-study-minutes", "30"),
    ARCHIVE_VOLUME_BYTES("datacenter.archive-volume-bytes", Long.toString(1L << 30)),
    MAX_ATTEMPTS("datacenter.max-attempts", "10"),
    SPOOL_KEEP("datacenter.spool-keep", "7d"),
    DEIDENTIFY_SEND_UNFLAGGED_SC_US("datacenter.deidentify.send-unflagged-sc-us", "false"),
    DB_URL("datacenter.db.url", null),
    DB_USER("datacenter.db.user", ""),
    DB_PASSWORD("datacenter.db.password", "");

    private final String key;
    private final String defaultValue;

    Setting(String key, String defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** Refuses a key no setting has, naming the closest known key: a typo must not silently fall back to a default. */
    static void requireKnown(String key, Path file) {
        if (Arrays.stream(values()).anyMatch(s -> s.key.equals(key))) {
            return;
        }
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        Setting closest = Arrays.stream(values()).min(Comparator.comparingInt(s -> distance.apply(s.key, key))).orElseThrow();
        throw new IllegalArgumentException(file + ": unknown setting '" + key + "'; did you mean '" + closest.key
                + "'? (the README's configuration reference lists every setting)");
    }

    String read(Properties p) {
        String value = p.getProperty(key, defaultValue);
        return value == null ? null : value.trim();
    }

    long readLong(Properties p) {
        String value = read(p);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " '" + value + "' is not a whole number", e);
        }
    }

    boolean readBoolean(Properties p) {
        String value = read(p);
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + " '" + value + "' is neither true nor false");
        }
        return Boolean.parseBoolean(value);
    }

    int readPort(Properties p) {
        long port = readLong(p);
        checkPort(port);
        return (int) port;
    }

    void checkPort(long port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(key + " " + port + " is not a port number: use 1-65535 (0 picks a free port)");
        }
    }
}
