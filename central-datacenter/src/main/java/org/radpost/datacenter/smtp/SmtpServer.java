package org.radpost.datacenter.smtp;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.ClientAuth;
import org.apache.james.protocols.api.handler.CommandHandlerResultLogger;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.WiringException;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.AllButStartTlsLineChannelHandlerFactory;
import org.apache.james.protocols.netty.Encryption;
import org.radpost.wire.tls.TlsPolicy;
import org.apache.james.protocols.smtp.SMTPProtocol;
import org.apache.james.protocols.smtp.SMTPProtocolHandlerChain;
import org.apache.james.protocols.smtp.core.DataLineMessageHookHandler;
import org.apache.james.protocols.smtp.core.MailCmdHandler;
import org.apache.james.protocols.smtp.core.NoopCmdHandler;
import org.apache.james.protocols.smtp.core.QuitCmdHandler;
import org.apache.james.protocols.smtp.core.RcptCmdHandler;
import org.apache.james.protocols.smtp.core.ReceivedDataLineFilter;
import org.apache.james.protocols.smtp.core.RsetCmdHandler;
import org.apache.james.protocols.smtp.core.UnknownCmdHandler;
import org.apache.james.protocols.smtp.core.WelcomeMessageHandler;
import org.apache.james.protocols.smtp.core.esmtp.AuthCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.StartTlsCmdHandler;
import org.radpost.datacenter.directory.Accounts;
import org.radpost.datacenter.directory.LoginThrottle;
import org.radpost.datacenter.directory.Logins;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data center's SMTP endpoint for centers and viewers (Apache James Protocols over Netty): an implicit-TLS
 * listener (SMTPS) and a STARTTLS listener, AUTH required, senders bound to their account, SIZE enforced, DATA
 * staged to disk and handed to the {@link MessageSink}, which is answered 250 only once it returns.
 */
public final class SmtpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpServer.class);
    /** TLS 1.3 and 1.2 with forward-secret AEAD suites only (the deployment's one policy). */
    private static final String[] TLS_PROTOCOLS = TlsPolicy.protocols();
    private static final String[] TLS_SUITES = TlsPolicy.cipherSuites();

    private final SmtpServerConfig config;
    private final SSLContext tls;
    private final Logins logins;
    private final RecipientPolicy recipients;
    private final MessageSink sink;
    private final Clock clock;
    private DirectNettyServer smtps;
    private DirectNettyServer startTls;

    public SmtpServer(SmtpServerConfig config, SSLContext tls, Accounts accounts, RecipientPolicy recipients,
                      MessageSink sink) {
        this(config, tls, accounts, recipients, sink, Clock.systemUTC());
    }

    public SmtpServer(SmtpServerConfig config, SSLContext tls, Accounts accounts, RecipientPolicy recipients,
                      MessageSink sink, Clock clock) {
        this.config = config;
        this.tls = tls;
        this.logins = new Logins(accounts, new LoginThrottle(clock), clock);
        this.recipients = recipients;
        this.sink = sink;
        this.clock = clock;
    }

    /** Binds both listeners; fails with the address that could not be bound. */
    public synchronized void start() throws IOException {
        if (smtps != null) {
            throw new IllegalStateException("SMTP server already started on port " + smtpsPort());
        }
        prepareStagingDirectory(config.stagingDirectory());
        SMTPProtocol protocol = new DataAwareSmtpProtocol(handlerChain(), new JamesSmtpConfiguration(config));
        smtps = listen(protocol, Encryption.createTls(tls, TLS_SUITES, TLS_PROTOCOLS, ClientAuth.NONE), config.smtpsPort(),
                null);
        try {
            // STARTTLS framing from James: a STARTTLS line followed by anything before the handshake
            // (CVE-2011-0411 command injection) closes the connection instead of running it after TLS.
            startTls = listen(protocol, Encryption.createStartTls(tls, TLS_SUITES, TLS_PROTOCOLS, ClientAuth.NONE),
                    config.startTlsPort(),
                    new AllButStartTlsLineChannelHandlerFactory("starttls", AbstractChannelPipelineFactory.MAX_LINE_LENGTH));
        } catch (IOException e) {
            smtps.unbind();
            smtps = null;
            throw e;
        }
        LOG.info("SMTP listening on {}: SMTPS port {}, STARTTLS port {}, max message size {} bytes",
                config.bindAddress(), smtpsPort(), startTlsPort(), config.maxMessageSize());
    }

    /** The implicit-TLS port actually bound (useful when configured as 0). */
    public int smtpsPort() {
        return port(smtps);
    }

    /** The STARTTLS port actually bound. */
    public int startTlsPort() {
        return port(startTls);
    }

    public synchronized void stop() {
        for (DirectNettyServer server : new DirectNettyServer[] {smtps, startTls}) {
            if (server != null) {
                server.unbind();
            }
        }
        smtps = null;
        startTls = null;
    }

    @Override
    public void close() {
        stop();
    }

    private SMTPProtocolHandlerChain handlerChain() throws IOException {
        MetricFactory metrics = new NoMetrics();
        EdgeRefusals refusals = new EdgeRefusals(sink, clock);
        List<ProtocolHandler> handlers = new ArrayList<>(List.of(
                new TlsFirstDispatcher(),
                new WelcomeMessageHandler(),
                new EhloReply(metrics),
                new HeloReply(metrics),
                new StartTlsCmdHandler(),
                new AuthCmdHandler(),
                new MailCmdHandler(metrics),
                new RcptCmdHandler(metrics),
                new StagingDataCmdHandler(metrics, config.stagingDirectory()),
                new NoopCmdHandler(),
                new RsetCmdHandler(),
                new QuitCmdHandler(metrics),
                new UnknownCmdHandler(metrics),
                new PrintableReplies(),
                new StartTlsPause(),
                new CommandHandlerResultLogger()));
        // Our policies, one hook each. DATA line filters run in list order: CRLF check, line length, size, trace header,
        // store; then the message hooks: header limits, sink.
        handlers.addAll(List.of(
                new AccountAuthHook(logins),
                new SenderOwnershipHook(),
                new RecipientPolicyHook(recipients),
                new RecipientLimitHook(config.maxRecipients()),
                new CrlfOnlyDataFilter(refusals),
                new OverlongLineFilter(refusals),
                new MessageSizeLimit(config.maxMessageSize()),
                new ReceivedDataLineFilter(),
                new DataLineMessageHookHandler(),
                new HeaderLimitsHook(refusals),
                new SinkMessageHook(sink, clock)));
        SMTPProtocolHandlerChain chain = new SMTPProtocolHandlerChain(metrics, false);
        chain.addAll(handlers);
        try {
            chain.wireExtensibleHandlers();
        } catch (WiringException e) {
            throw new IOException("could not assemble the SMTP handler chain: " + e.getMessage(), e);
        }
        return chain;
    }

    private DirectNettyServer listen(SMTPProtocol protocol, Encryption encryption, int port,
                                     AllButStartTlsLineChannelHandlerFactory framing) throws IOException {
        return DirectNettyServer.listen("SMTP", protocol, encryption, framing, config.bindAddress(), port, config.ioThreads(),
                config.workerThreads(), config.idleTimeoutSeconds());
    }

    private static int port(DirectNettyServer server) {
        return DirectNettyServer.port(server, "SMTP");
    }

    /**
     * Creates the staging folder and removes DATA files a crash left behind (never acknowledged, so safe). The
     * folder must be this server's own: nodes sharing a data folder each stage under their tag.
     */
    private static void prepareStagingDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(directory, StagedMailEnvelope.FILE_PREFIX + "*")) {
            for (Path file : stale) {
                Files.deleteIfExists(file);
            }
        }
    }
}
