package org.radpost.viewer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.radpost.viewer.ViewerAgent;
import org.radpost.viewer.config.ViewerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code radpost viewer}: runs the remote viewer agent until interrupted. Exit codes: 0 stopped normally,
 * 2 configuration error (the message says what to fix), 1 failure while starting.
 */
@Command(name = "viewer", mixinStandardHelpOptions = true, version = "RadPost viewer agent 0.1",
        description = "Polls the viewer's mailbox, keeps a local worklist and serves the radiologist's page.")
public final class ViewerCli implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, description = "properties file (keys: data, pop3.host, pop3.port, pop3.security,"
            + " pop3.user, pop3.password, smtp.host, smtp.port, smtp.security, smtp.user, smtp.password, truststore,"
            + " truststore.password, poll.seconds, web.host, web.port, web.allowed-hosts, reader.name, reader.address, return.address, spool.keep.days, events.url)")
    Path configFile;

    @Option(names = "--data", description = "data folder") String data;
    @Option(names = "--pop3-host") String pop3Host;
    @Option(names = "--pop3-port") String pop3Port;
    @Option(names = "--pop3-security", description = "tls (POP3S) or stls") String pop3Security;
    @Option(names = "--pop3-user") String pop3User;
    @Option(names = "--pop3-password") String pop3Password;
    @Option(names = "--smtp-host") String smtpHost;
    @Option(names = "--smtp-port") String smtpPort;
    @Option(names = "--smtp-security", description = "tls (SMTPS) or starttls") String smtpSecurity;
    @Option(names = "--truststore", description = "the deployment CA's truststore.p12") String trustStore;
    @Option(names = "--truststore-password") String trustStorePassword;
    @Option(names = "--poll-seconds") String pollSeconds;
    @Option(names = "--events-url", description = "the data center's mailbox events (https://host:9960/mailbox/events):"
            + " poll at once when mail lands; the poll interval stays the fallback") String eventsUrl;
    @Option(names = "--web-host") String webHost;
    @Option(names = "--web-port") String webPort;
    @Option(names = "--web-allowed-hosts", description = "comma-separated names the page also answers to, besides"
            + " 127.0.0.1, localhost and [::1] (any other Host header is refused)") String webAllowedHosts;
    @Option(names = "--reader-name") String readerName;
    @Option(names = "--reader-address") String readerAddress;
    @Option(names = "--return-address", description = "where overlays, reports and receipts go (default: the study's sender)")
    String returnAddress;
    @Option(names = "--spool-keep-days", description = "days sent and refused mail stay on disk (default 7)")
    String spoolKeepDays;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ViewerCli()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ViewerConfig config;
        java.util.Optional<org.radpost.viewer.poll.SealedMail> sealedMail;
        try {
            java.util.Properties properties = properties();
            config = ViewerConfig.fromProperties(properties);
            sealedMail = org.radpost.viewer.poll.SealedMail.fromProperties(properties, config.trustStore(), config.trustStorePassword());
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("viewer: " + e.getMessage());
            return 2;
        }
        ViewerAgent agent = ViewerAgent.start(config, sealedMail.orElse(null));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "viewer-shutdown"));
        System.out.println("RadPost viewer agent for " + config.readerAddress() + ": open " + agent.url());
        stopped.await();
        return 0;
    }

    private Properties properties() throws IOException {
        Properties p = new Properties();
        if (configFile != null) {
            try (InputStream in = Files.newInputStream(configFile)) {
                p.load(in);
            }
        }
        set(p, "data", data);
        set(p, "spool.keep.days", spoolKeepDays);
        set(p, "pop3.host", pop3Host);
        set(p, "pop3.port", pop3Port);
        set(p, "pop3.security", pop3Security);
        set(p, "pop3.user", pop3User);
        set(p, "pop3.password", pop3Password);
        set(p, "smtp.host", smtpHost);
        set(p, "smtp.port", smtpPort);
        set(p, "smtp.security", smtpSecurity);
        set(p, "truststore", trustStore);
        set(p, "truststore.password", trustStorePassword);
        set(p, "poll.seconds", pollSeconds);
        set(p, "events.url", eventsUrl);
        set(p, "web.host", webHost);
        set(p, "web.allowed-hosts", webAllowedHosts);
        set(p, "web.port", webPort);
        set(p, "reader.name", readerName);
        set(p, "reader.address", readerAddress);
        set(p, "return.address", returnAddress);
        return p;
    }

    private static void set(Properties p, String key, String value) {
        if (value != null) {
            p.setProperty(key, value);
        }
    }
}
