package org.radpost.viewer.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Everything the viewer agent needs, checked at start-up with sentences that say what to fix.
 *
 * @param dataFolder    where the database, received objects, created objects and the outgoing folder live
 * @param pop3          the data center's POP3 server holding this viewer's mailbox
 * @param smtp          the data center's SMTP submission endpoint
 * @param trustStore    the deployment CA's trust store (PKCS12) both TLS connections are verified against
 * @param pollInterval  how often the mailbox is polled in the background
 * @param webHost       the address the radiologist's page binds to (127.0.0.1 by default)
 * @param webPort       the page's port; 0 picks a free one
 * @param readerName    the radiologist, as written into annotations and reports
 * @param readerAddress the viewer's mail address (the From of everything it sends)
 * @param returnAddress where overlays, reports and receipts go; blank means back to the study's sender
 * @param spoolKeep     how long sent outgoing messages and refused incoming ones stay on disk (7 days by default)
 * @param allowedHosts  further names the page answers to (with the page's port), besides 127.0.0.1, localhost and
 *                      [::1]: any other Host header is refused, so a page that re-points its own name at this machine
 *                      (DNS rebinding) cannot read or post through the agent
 * @param events        the data center's {@code https://host:port/mailbox/events} push, which makes the agent poll at
 *                      once when mail lands; null: off, the interval alone applies (it applies anyway, as the fallback)
 */
public record ViewerConfig(Path dataFolder, MailServer pop3, MailServer smtp, Path trustStore, String trustStorePassword,
                           Duration pollInterval, String webHost, int webPort, String readerName, String readerAddress,
                           String returnAddress, Duration spoolKeep, List<String> allowedHosts, java.net.URI events) {
    /** How long spooled mail stays unless told otherwise: a week, time enough to look into a problem. */
    public static final Duration DEFAULT_SPOOL_KEEP = Duration.ofDays(7);

    /** A configuration with the default spool keep period. */
    public ViewerConfig(Path dataFolder, MailServer pop3, MailServer smtp, Path trustStore, String trustStorePassword,
                        Duration pollInterval, String webHost, int webPort, String readerName, String readerAddress,
                        String returnAddress) {
        this(dataFolder, pop3, smtp, trustStore, trustStorePassword, pollInterval, webHost, webPort, readerName,
                readerAddress, returnAddress, DEFAULT_SPOOL_KEEP);
    }

    /** A configuration whose page answers to the loopback names only. */
    public ViewerConfig(Path dataFolder, MailServer pop3, MailServer smtp, Path trustStore, String trustStorePassword,
                        Duration pollInterval, String webHost, int webPort, String readerName, String readerAddress,
                        String returnAddress, Duration spoolKeep) {
        this(dataFolder, pop3, smtp, trustStore, trustStorePassword, pollInterval, webHost, webPort, readerName,
                readerAddress, returnAddress, spoolKeep, List.of());
    }

    /** A configuration without the data center's push: the interval alone decides when to poll. */
    public ViewerConfig(Path dataFolder, MailServer pop3, MailServer smtp, Path trustStore, String trustStorePassword,
                        Duration pollInterval, String webHost, int webPort, String readerName, String readerAddress,
                        String returnAddress, Duration spoolKeep, List<String> allowedHosts) {
        this(dataFolder, pop3, smtp, trustStore, trustStorePassword, pollInterval, webHost, webPort, readerName,
                readerAddress, returnAddress, spoolKeep, allowedHosts, null);
    }

    /** The same configuration listening to the data center's mailbox events at {@code url}. */
    public ViewerConfig withEvents(java.net.URI url) {
        return new ViewerConfig(dataFolder, pop3, smtp, trustStore, trustStorePassword, pollInterval, webHost, webPort,
                readerName, readerAddress, returnAddress, spoolKeep, allowedHosts, url);
    }

    public ViewerConfig {
        if (dataFolder == null) {
            throw new IllegalArgumentException("the data folder is not set (data=/var/lib/radpost-viewer)");
        }
        if (pop3 == null || smtp == null) {
            throw new IllegalArgumentException("both the POP3 server (pop3.*) and the SMTP server (smtp.*) must be set");
        }
        if (trustStore == null || !Files.isReadable(trustStore)) {
            throw new IllegalArgumentException("the trust store '" + trustStore
                    + "' cannot be read; point truststore= at the deployment CA's truststore.p12");
        }
        trustStorePassword = trustStorePassword == null ? "" : trustStorePassword;
        pollInterval = pollInterval == null ? Duration.ofSeconds(30) : pollInterval;
        if (pollInterval.toMillis() < 100) {
            throw new IllegalArgumentException("poll interval " + pollInterval + " is too short; use at least 100 ms");
        }
        webHost = webHost == null || webHost.isBlank() ? "127.0.0.1" : webHost;
        if (webPort < 0 || webPort > 65535) {
            throw new IllegalArgumentException("web port " + webPort + " is not a TCP port (0 picks a free one)");
        }
        readerName = readerName == null || readerName.isBlank() ? "Radiologist" : readerName.strip();
        if (readerAddress == null || !readerAddress.matches("[^@\\s<>]+@[^@\\s<>]+")) {
            throw new IllegalArgumentException("the reader's mail address '" + readerAddress
                    + "' is not an address like viewer1@radpost.example (reader.address)");
        }
        returnAddress = returnAddress == null ? "" : returnAddress.strip();
        spoolKeep = spoolKeep == null ? DEFAULT_SPOOL_KEEP : spoolKeep;
        if (spoolKeep.isNegative()) {
            throw new IllegalArgumentException("the spool keep period " + spoolKeep + " is negative; use 0 or more days"
                    + " (spool.keep.days)");
        }
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        if (events != null && !"https".equalsIgnoreCase(events.getScheme())) {
            throw new IllegalArgumentException("events.url '" + events + "' must be an https:// address such as"
                    + " https://datacenter.radpost.example:9960/mailbox/events (the password travels with it)");
        }
        for (String name : allowedHosts) {
            if (name.isBlank() || name.contains("/") || name.contains(" ")) {
                throw new IllegalArgumentException("'" + name + "' in web.allowed-hosts is not a host name"
                        + " (e.g. reading-room.clinic.example or reading-room.clinic.example:8090)");
            }
        }
    }

    /**
     * Reads a properties file's keys: data, pop3.host, pop3.port, pop3.security (tls|stls), pop3.user,
     * pop3.password, smtp.host, smtp.port, smtp.security (tls|starttls), smtp.user, smtp.password, truststore,
     * truststore.password, poll.seconds, web.host, web.port, web.allowed-hosts (comma-separated), reader.name,
     * reader.address, return.address, spool.keep.days, events.url.
     */
    public static ViewerConfig fromProperties(Properties p) {
        String readerAddress = p.getProperty("reader.address", p.getProperty("pop3.user"));
        return new ViewerConfig(
                Path.of(require(p, "data")),
                new MailServer(require(p, "pop3.host"), port(p, "pop3.port", "995"),
                        MailServer.implicitTls(p.getProperty("pop3.security", "tls")),
                        require(p, "pop3.user"), require(p, "pop3.password")),
                new MailServer(require(p, "smtp.host"), port(p, "smtp.port", "465"),
                        MailServer.implicitTls(p.getProperty("smtp.security", "tls")),
                        p.getProperty("smtp.user", p.getProperty("pop3.user")),
                        p.getProperty("smtp.password", p.getProperty("pop3.password"))),
                Path.of(require(p, "truststore")), p.getProperty("truststore.password", ""),
                Duration.ofMillis((long) (Double.parseDouble(p.getProperty("poll.seconds", "30")) * 1000)),
                p.getProperty("web.host", "127.0.0.1"), port(p, "web.port", "8090"),
                p.getProperty("reader.name", "Radiologist"), readerAddress, p.getProperty("return.address", ""),
                days(p, "spool.keep.days", DEFAULT_SPOOL_KEEP), list(p, "web.allowed-hosts"),
                p.getProperty("events.url", "").isBlank() ? null : java.net.URI.create(p.getProperty("events.url").strip()));
    }

    private static String require(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the setting '" + key + "' is missing");
        }
        return value.strip();
    }

    private static List<String> list(Properties p, String key) {
        return Arrays.stream(p.getProperty(key, "").split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    private static Duration days(Properties p, String key, Duration fallback) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value.strip()) * 86_400_000L));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the setting '" + key + "' must be a number of days, not '" + value + "'");
        }
    }

    private static int port(Properties p, String key, String fallback) {
        String value = p.getProperty(key, fallback).strip();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the setting '" + key + "' must be a port number, not '" + value + "'");
        }
    }
}
