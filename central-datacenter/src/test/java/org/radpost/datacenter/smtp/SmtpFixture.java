package org.radpost.datacenter.smtp;

import org.radpost.wire.tls.LoopbackTls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.radpost.datacenter.directory.Account;

/** One SMTP server on loopback with a test CA, two accounts and a recording sink. */
final class SmtpFixture implements AutoCloseable {
    static final String CENTER_USER = "center-a";
    static final String CENTER_PASSWORD = "s3cret-center";
    static final String CENTER_ADDRESS = "center-a@radpost.test";
    static final String VIEWER_ADDRESS = "dr-house@radpost.test";

    final LoopbackTls tls;
    final RecordingSink sink = new RecordingSink();
    final Path staging;
    final TestAccounts accounts;
    final SmtpServer server;

    SmtpFixture(Path folder, long maxMessageSize, RecipientPolicy recipients) throws IOException {
        this(folder, maxMessageSize, recipients, Clock.systemUTC());
    }

    SmtpFixture(Path folder, long maxMessageSize, RecipientPolicy recipients, Clock clock) throws IOException {
        tls = LoopbackTls.create(folder.resolve("ca"));
        staging = folder.resolve("staging");
        accounts = new TestAccounts()
                .add(CENTER_USER, CENTER_PASSWORD, Account.Kind.CENTER, CENTER_ADDRESS)
                .add("dr-house", "viewer-pw", Account.Kind.VIEWER, VIEWER_ADDRESS);
        server = new SmtpServer(SmtpServerConfig.loopback(maxMessageSize, staging), tls.server(), accounts, recipients, sink,
                clock);
        server.start();
    }

    RawSmtpClient login() throws IOException {
        return RawSmtpClient.authenticated(server.smtpsPort(), tls.client(), CENTER_USER, CENTER_PASSWORD);
    }

    long stagedFiles() throws IOException {
        try (Stream<Path> files = Files.list(staging)) {
            return files.count();
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
