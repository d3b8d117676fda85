package org.radpost.datacenter.notify;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.radpost.datacenter.deliver.Delivery;
import org.radpost.datacenter.deliver.MailboxArrivals;
import org.radpost.datacenter.deliver.Mailboxes;
import org.radpost.datacenter.directory.Account;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.directory.LoginResult;
import org.radpost.datacenter.directory.Logins;
import org.radpost.wire.Priority;
import org.radpost.wire.tls.TlsPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /mailbox/events}: a W3C Server-Sent Events stream over HTTPS that tells a mailbox's owner "poll now"
 * whenever this node commits mail into that mailbox. It listens on a port of its own, apart from the admin console,
 * so a viewer's network needs to reach the mail ports and this one only, never the console. The client signs in as
 * the mailbox's own POP3 account (HTTP Basic over TLS, checked, throttled and audited as POP3's PASS is). An event
 * ({@code event: mailbox}) carries the number of messages waiting and whether a STAT one is among them — counts
 * only, no patient data; a comment every 15 s lets either side notice a dead connection. With several nodes, each
 * knows only its own deliveries: the viewer keeps polling on its interval, and this only shortens the wait.
 */
public final class MailboxEventsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MailboxEventsServer.class);
    public static final String PATH = "/mailbox/events";
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final Javalin app;
    private final Logins logins;
    private final Mailboxes mailboxes;
    private final MailboxArrivals arrivals;
    private final Set<SseClient> clients = new CopyOnWriteArraySet<>();
    /** Counts are read and events written here, never in the pipeline worker that committed the mail. */
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "radpost-mailbox-events");
        t.setDaemon(true);
        return t;
    });

    public MailboxEventsServer(Logins logins, Mailboxes mailboxes, MailboxArrivals arrivals, SSLContext tls,
                               String bindAddress, int port) {
        this.logins = logins;
        this.mailboxes = mailboxes;
        this.arrivals = arrivals;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jetty.addConnector((server, http) -> {
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setSslContext(tls);
                ssl.setIncludeProtocols(TlsPolicy.protocols());
                ssl.setIncludeCipherSuites(TlsPolicy.cipherSuites());
                HttpConfiguration https = new HttpConfiguration(http);
                https.addCustomizer(new SecureRequestCustomizer(false));
                ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                        new HttpConnectionFactory(https));
                connector.setHost(bindAddress);
                connector.setPort(port);
                return connector;
            });
        });
        app.before(PATH, this::signIn);
        app.sse(PATH, this::stream);
    }

    /** Refuses the request before the stream starts unless it carries the mailbox account's right password. */
    private void signIn(Context ctx) {
        String header = ctx.header("Authorization");
        String[] userAndPassword = basic(header);
        if (userAndPassword == null) {
            refuse(ctx, HttpStatus.UNAUTHORIZED, "sign in as the mailbox's POP3 account (HTTP Basic)");
            return;
        }
        LoginResult result = logins.attempt("EVENTS", new java.net.InetSocketAddress(ctx.ip(), 0), userAndPassword[0],
                userAndPassword[1]);
        if (result instanceof LoginResult.Success success) {
            ctx.attribute("account", success.account());
        } else if (result instanceof LoginResult.Throttled throttled) {
            ctx.header("Retry-After", Long.toString(Math.max(1, throttled.retryAfter().toSeconds())));
            refuse(ctx, HttpStatus.TOO_MANY_REQUESTS, "too many failed sign-ins; try again later");
        } else if (result instanceof LoginResult.Unavailable) {
            refuse(ctx, HttpStatus.SERVICE_UNAVAILABLE, "the account directory cannot be reached; try again later");
        } else {
            refuse(ctx, HttpStatus.UNAUTHORIZED, "authentication failed");
        }
    }

    private static void refuse(Context ctx, HttpStatus status, String text) {
        if (status == HttpStatus.UNAUTHORIZED) {
            ctx.header("WWW-Authenticate", "Basic realm=\"RadPost mailbox\", charset=\"UTF-8\"");
        }
        ctx.status(status).result(text + "\n");
        ctx.skipRemainingHandlers();
    }

    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon <= 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void stream(SseClient client) {
        Account account = client.ctx().attribute("account");
        if (account == null) {
            client.close();   // the sign-in refused it; never reached in practice (the before-handler skips this)
            return;
        }
        String mailbox = Directory.addressOf(account);
        AtomicBoolean pending = new AtomicBoolean();
        Runnable announce = () -> {
            if (pending.compareAndSet(false, true)) {   // a burst of deliveries is one event
                sender.execute(() -> {
                    pending.set(false);
                    send(client, mailbox);
                });
            }
        };
        AutoCloseable listening = arrivals.listen(mailbox, announce);
        clients.add(client);
        client.onClose(() -> {
            clients.remove(client);
            try {
                listening.close();
            } catch (Exception e) {
                LOG.debug("could not stop listening for {}", mailbox, e);
            }
        });
        client.keepAlive();
        announce.run();   // the state now: what landed while the client was away is polled for at once
    }

    private void send(SseClient client, String mailbox) {
        try {
            List<Delivery> waiting = mailboxes.waiting(mailbox);
            boolean stat = waiting.stream().anyMatch(d -> d.priority() == Priority.STAT);
            client.sendEvent("mailbox", new MailboxEvent(waiting.size(), stat).json());
        } catch (RuntimeException e) {
            LOG.warn("could not tell {} about new mail; its poll interval still applies: {}", mailbox, e.toString());
        }
    }

    public MailboxEventsServer start() {
        app.start();
        long beat = HEARTBEAT.toMillis();
        sender.scheduleAtFixedRate(() -> clients.forEach(c -> c.sendComment("keep-alive")), beat, beat, TimeUnit.MILLISECONDS);
        LOG.info("mailbox events (Server-Sent Events) at https://{}:{}{}", "localhost", port(), PATH);
        return this;
    }

    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() {
        sender.shutdownNow();
        clients.forEach(SseClient::close);
        app.stop();
    }
}
