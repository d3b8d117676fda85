package org.radpost.datacenter.pop3;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.ClientAuth;
import org.apache.james.protocols.api.ProtocolConfigurationImpl;
import org.apache.james.protocols.api.handler.CommandHandlerResultLogger;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerChainImpl;
import org.apache.james.protocols.api.handler.WiringException;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.AllButStartTlsLineChannelHandlerFactory;
import org.apache.james.protocols.netty.Encryption;
import org.radpost.wire.tls.TlsPolicy;
import org.apache.james.protocols.pop3.POP3Protocol;
import org.apache.james.protocols.pop3.POP3Session;
import org.apache.james.protocols.pop3.core.CapaCmdHandler;
import org.apache.james.protocols.pop3.core.DeleCmdHandler;
import org.apache.james.protocols.pop3.core.ListCmdHandler;
import org.apache.james.protocols.pop3.core.NoopCmdHandler;
import org.apache.james.protocols.pop3.core.QuitCmdHandler;
import org.apache.james.protocols.pop3.core.RetrCmdHandler;
import org.apache.james.protocols.pop3.core.RsetCmdHandler;
import org.apache.james.protocols.pop3.core.StatCmdHandler;
import org.apache.james.protocols.pop3.core.StlsCmdHandler;
import org.apache.james.protocols.pop3.core.TopCmdHandler;
import org.apache.james.protocols.pop3.core.UidlCmdHandler;
import org.apache.james.protocols.pop3.core.UnknownCmdHandler;
import org.apache.james.protocols.pop3.core.UserCmdHandler;
import org.apache.james.protocols.pop3.core.WelcomeMessageHandler;
import java.time.Clock;
import org.radpost.datacenter.directory.Accounts;
import org.radpost.datacenter.directory.LoginThrottle;
import org.radpost.datacenter.directory.Logins;
import org.radpost.datacenter.smtp.DirectNettyServer;
import org.radpost.datacenter.smtp.NoMetrics;
import org.radpost.datacenter.smtp.PrintableReplies;
import org.radpost.datacenter.smtp.StartTlsPause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data center's POP3 server (Apache James Protocols over Netty) where viewers fetch their studies and centers
 * their receipts: POP3S, plus an optional plain listener that requires STLS before USER/PASS. Messages stream
 * from the {@link MailboxStore}; deletions reach it only at QUIT.
 */
public final class Pop3Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pop3Server.class);
    /** TLS 1.3 and 1.2 with forward-secret AEAD suites only (the deployment's one policy). */
    private static final String[] TLS_PROTOCOLS = TlsPolicy.protocols();
    private static final String[] TLS_SUITES = TlsPolicy.cipherSuites();

    private final Pop3ServerConfig config;
    private final SSLContext tls;
    private final Logins logins;
    private final MailboxStore store;
    private DirectNettyServer pop3s;
    private DirectNettyServer stls;

    public Pop3Server(Pop3ServerConfig config, SSLContext tls, Accounts accounts, MailboxStore store) {
        this(config, tls, accounts, store, Clock.systemUTC());
    }

    public Pop3Server(Pop3ServerConfig config, SSLContext tls, Accounts accounts, MailboxStore store, Clock clock) {
        this.config = config;
        this.tls = tls;
        this.logins = new Logins(accounts, new LoginThrottle(clock), clock);
        this.store = store;
    }

    /** Binds the listeners; fails with the address that could not be bound. */
    public synchronized void start() throws IOException {
        if (pop3s != null) {
            throw new IllegalStateException("POP3 server already started on port " + pop3sPort());
        }
        POP3Protocol protocol = new POP3Protocol(handlerChain(), new Configuration(config.hostname()));
        pop3s = listen(protocol, Encryption.createTls(tls, TLS_SUITES, TLS_PROTOCOLS, ClientAuth.NONE), config.pop3sPort(), null);
        if (config.stlsPort() != Pop3ServerConfig.NO_LISTENER) {
            try {
                // James' STLS framing closes a connection that pipelines commands behind STLS (CVE-2011-0411).
                stls = listen(protocol, Encryption.createStartTls(tls, TLS_SUITES, TLS_PROTOCOLS, ClientAuth.NONE),
                        config.stlsPort(),
                        new AllButStartTlsLineChannelHandlerFactory("stls", AbstractChannelPipelineFactory.MAX_LINE_LENGTH));
            } catch (IOException e) {
                pop3s.unbind();
                pop3s = null;
                throw e;
            }
        }
        LOG.info("POP3 listening on {}: POP3S port {}, STLS port {}", config.bindAddress(), pop3sPort(),
                stls == null ? "off" : Integer.toString(stlsPort()));
    }

    /** The implicit-TLS port actually bound (useful when configured as 0). */
    public int pop3sPort() {
        return port(pop3s);
    }

    /** The STLS port actually bound; fails when that listener is turned off. */
    public int stlsPort() {
        return port(stls);
    }

    public synchronized void stop() {
        for (DirectNettyServer server : new DirectNettyServer[] {pop3s, stls}) {
            if (server != null) {
                server.unbind();
            }
        }
        pop3s = null;
        stls = null;
    }

    @Override
    public void close() {
        stop();
    }

    private ProtocolHandlerChainImpl handlerChain() throws IOException {
        MetricFactory metrics = new NoMetrics();
        List<ProtocolHandler> handlers = List.of(
                new TlsFirstPop3Dispatcher(),
                new WelcomeMessageHandler(),
                new CapaCmdHandler(metrics),
                new StlsCmdHandler(metrics),
                new UserCmdHandler(metrics),
                new AccountPassCmdHandler(metrics, logins, store),
                new StatCmdHandler(metrics),
                new ListCmdHandler(metrics),
                new UidlAlwaysAdvertised(metrics),
                new RetrCmdHandler(metrics),
                new TopAlwaysAdvertised(metrics),
                new DeleCmdHandler(metrics),
                new RsetCmdHandler(metrics),
                new NoopCmdHandler(metrics),
                new QuitCmdHandler(metrics),
                new UnknownCmdHandler(),
                new PrintableReplies(),
                new StartTlsPause(),
                new CommandHandlerResultLogger());
        ProtocolHandlerChainImpl chain = new ProtocolHandlerChainImpl();
        chain.addAll(handlers);
        try {
            chain.wireExtensibleHandlers();
        } catch (WiringException e) {
            throw new IOException("could not assemble the POP3 handler chain: " + e.getMessage(), e);
        }
        return chain;
    }

    private DirectNettyServer listen(POP3Protocol protocol, Encryption encryption, int port,
                                     AllButStartTlsLineChannelHandlerFactory framing) throws IOException {
        return DirectNettyServer.listen("POP3", protocol, encryption, framing, config.bindAddress(), port, config.ioThreads(),
                config.workerThreads(), config.idleTimeoutSeconds());
    }

    private static int port(DirectNettyServer server) {
        return DirectNettyServer.port(server, "POP3");
    }

    /**
     * James advertises UIDL in CAPA only after login, but Jakarta Mail reads CAPA once, before login, and then
     * believes UIDL is missing; UIDL is always supported here, so always say so.
     */
    private static final class UidlAlwaysAdvertised extends UidlCmdHandler {
        UidlAlwaysAdvertised(MetricFactory metrics) {
            super(metrics);
        }

        @Override
        public Set<String> getImplementedCapabilities(POP3Session session) {
            return Set.of("UIDL");
        }
    }

    /**
     * The same for TOP: without it in the CAPA Jakarta Mail read before login, Jakarta Mail disables TOP and reads a
     * single header (the viewer's priority or Message-ID) by downloading the whole message with RETR.
     */
    private static final class TopAlwaysAdvertised extends TopCmdHandler {
        TopAlwaysAdvertised(MetricFactory metrics) {
            super(metrics);
        }

        @Override
        public Set<String> getImplementedCapabilities(POP3Session session) {
            return Set.of("TOP");
        }
    }

    /** The greeting names our host and product instead of James' defaults. */
    private static final class Configuration extends ProtocolConfigurationImpl {
        private final String hostname;

        Configuration(String hostname) {
            super("RadPost");
            this.hostname = hostname;
        }

        @Override
        public String getHelloName() {
            return hostname;
        }
    }
}
