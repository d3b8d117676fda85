package org.radpost.datacenter.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.SameSite;
import io.javalin.http.staticfiles.Location;
import io.javalin.rendering.template.JavalinJte;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.radpost.wire.tls.TlsPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data center's web console over HTTPS: sign-in, then one routes class per area. Every request passes the
 * same gates, in order: security headers, session (idle ones expire), role check for the area, CSRF token on
 * every form post. Refusals are mapped in one place.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    static final String COOKIE = "radpost_console";
    private static final String SESSION = "console.session";

    private final Javalin app;
    private final ConsoleSessions sessions;
    private final LoginThrottle throttle;
    private final String host;

    public ConsoleServer(ConsoleContext context, ConsoleSessions sessions, SSLContext tls, String bindAddress, int port) {
        this.sessions = sessions;
        this.throttle = new LoginThrottle(context.clock());
        this.host = bindAddress;
        TemplateEngine templates = TemplateEngine.createPrecompiled(null, ContentType.Html, ConsoleServer.class.getClassLoader(),
                "org.radpost.datacenter.console.jte");
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.fileRenderer(new JavalinJte(templates));
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/console/static";
                files.location = Location.CLASSPATH;
            });
            config.jetty.addConnector((server, http) -> {
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setSslContext(tls);
                // The deployment's one TLS policy: 1.3 and 1.2, forward-secret AEAD suites only.
                ssl.setIncludeProtocols(TlsPolicy.protocols());
                ssl.setIncludeCipherSuites(TlsPolicy.cipherSuites());
                HttpConfiguration https = new HttpConfiguration(http);
                // The certificate names localhost and 127.0.0.1; browsers send no SNI for an IP address.
                https.addCustomizer(new SecureRequestCustomizer(false));
                ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                        new HttpConnectionFactory(https));
                connector.setHost(bindAddress);
                connector.setPort(port);
                return connector;
            });
        });
        app.before(this::securityHeaders);
        app.before(this::gate);
        app.exception(ForbiddenResponse.class, (e, ctx) -> refuse(ctx, HttpStatus.FORBIDDEN, e.getMessage()));
        app.exception(NotFoundResponse.class, (e, ctx) -> refuse(ctx, HttpStatus.NOT_FOUND, e.getMessage()));
        app.exception(IllegalArgumentException.class, (e, ctx) -> {
            if (ctx.method() == HandlerType.POST) {
                back(ctx, null, e.getMessage());
            } else {
                refuse(ctx, HttpStatus.BAD_REQUEST, e.getMessage());
            }
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("console request {} {} failed", ctx.method(), ctx.path(), e);
            refuse(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "The data center could not carry this out (" + e.getClass().getSimpleName()
                    + "); the log has the details.");
        });
        new LoginRoutes(context, sessions, throttle).register(app);
        new QuarantineRoutes(context).register(app);
        new TrackingRoutes(context).register(app);
        new DirectoryRoutes(context).register(app);
        new UserRoutes(context, sessions).register(app);
        new OperationsRoutes(context).register(app);
        new StatisticsRoutes(context).register(app);
        new MetricsRoutes(context).register(app);
        app.get("/audit", ctx -> ctx.render("audit.jte", model(ctx, "Audit", Area.AUDIT, "entries", context.audit().latest(300))));
    }

    public ConsoleServer start() {
        app.start();
        LOG.info("console listening at {}", url());
        return this;
    }

    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    /** The address an admin opens. */
    public String url() {
        String shown = host.equals("0.0.0.0") || host.equals("127.0.0.1") ? "localhost" : host;
        return "https://" + shown + ":" + port() + "/";
    }

    @Override
    public void close() {
        app.stop();
    }

    private void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self';"
                + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Strict-Transport-Security", "max-age=31536000");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    }

    /** Session, sign-in, role and CSRF checks, for every request but static files. */
    private void gate(Context ctx) {
        if (ctx.path().startsWith("/static/") || ctx.path().equals(MetricsRoutes.PATH)) {
            return; // /metrics checks its own token (a scraper has no session)
        }
        Optional<ConsoleSessions.Session> session = sessions.touch(ctx.cookie(COOKIE));
        boolean open = ctx.path().equals("/login");
        if (session.isEmpty() || (!session.get().signedIn() && !open)) {
            ConsoleSessions.Session anonymous = session.orElseGet(sessions::anonymous);
            attach(ctx, anonymous);
            if (!open) {
                if (ctx.method() == HandlerType.GET) {
                    anonymous.flash("error:" + (ctx.cookie(COOKIE) != null ? "Your session ended after "
                            + sessions.idleTimeout().toMinutes() + " minutes without activity; sign in again." : "Sign in first."));
                }
                ctx.redirect("/login");
                ctx.skipRemainingHandlers();
                return;
            }
        } else {
            attach(ctx, session.get());
        }
        ConsoleSessions.Session current = session(ctx);
        if (ctx.method() == HandlerType.POST && !current.csrfToken().equals(ctx.formParam("_csrf"))) {
            LOG.warn("console: refused a form without a valid CSRF token: {} {} from {}", ctx.method(), ctx.path(), ctx.ip());
            throw new ForbiddenResponse("This form is out of date or did not come from the console (its security token is missing"
                    + " or wrong). Reload the page and try again.");
        }
        Area area = Area.of(ctx.path());
        if (current.signedIn() && !current.role().allows(area)) {
            LOG.warn("console: {} ({}) refused {} {}", current.username(), current.role(), ctx.method(), ctx.path());
            throw new ForbiddenResponse("Your role (" + current.role().name().toLowerCase() + ") does not include the "
                    + area.label() + " pages; an admin can change your role.");
        }
    }

    private void attach(Context ctx, ConsoleSessions.Session session) {
        ctx.attribute(SESSION, session);
        if (!session.token().equals(ctx.cookie(COOKIE))) {
            setCookie(ctx, session);
        }
    }

    static void setCookie(Context ctx, ConsoleSessions.Session session) {
        Cookie cookie = new Cookie(COOKIE, session.token());
        cookie.setHttpOnly(true);
        cookie.setSecure(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setPath("/");
        ctx.cookie(cookie);
        ctx.attribute(SESSION, session);
    }

    static ConsoleSessions.Session session(Context ctx) {
        return ctx.attribute(SESSION);
    }

    /** The template's model: the page frame plus name/value pairs. */
    static Map<String, Object> model(Context ctx, String title, Area area, Object... pairs) {
        ConsoleSessions.Session session = session(ctx);
        String flash = session.takeFlash();
        String notice = flash != null && flash.startsWith("ok:") ? flash.substring(3) : null;
        String error = flash != null && flash.startsWith("error:") ? flash.substring(6) : null;
        Map<String, Object> model = new HashMap<>();
        model.put("page", new Page(title, area, session.username(), session.role(), session.csrfToken(), notice, error));
        for (int i = 0; i < pairs.length; i += 2) {
            model.put((String) pairs[i], pairs[i + 1]);
        }
        return model;
    }

    /** After a form: back to the page it came from (same origin only), with a message. */
    static void back(Context ctx, String notice, String error) {
        session(ctx).flash(error != null ? "error:" + error : "ok:" + notice);
        String target = ctx.formParam("_back");
        if (target == null || !target.startsWith("/") || target.startsWith("//")) {
            String referer = ctx.header("Referer");
            target = referer == null ? "/" : Optional.ofNullable(URI.create(referer).getRawPath()).orElse("/")
                    + (URI.create(referer).getRawQuery() == null ? "" : "?" + URI.create(referer).getRawQuery());
        }
        ctx.redirect(target);
    }

    private static void refuse(Context ctx, HttpStatus status, String message) {
        ctx.status(status);
        ConsoleSessions.Session session = session(ctx);
        if (session == null) {
            ctx.result(message);
            return;
        }
        ctx.render("error.jte", model(ctx, status.getCode() + " " + status.getMessage(), null, "message", message));
    }
}
