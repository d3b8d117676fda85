package org.radpost.datacenter.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sign-in and sign-out; failed sign-ins are throttled, logged and audited. */
final class LoginRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(LoginRoutes.class);
    private final ConsoleContext context;
    private final ConsoleSessions sessions;
    private final LoginThrottle throttle;

    LoginRoutes(ConsoleContext context, ConsoleSessions sessions, LoginThrottle throttle) {
        this.context = context;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    void register(Javalin app) {
        app.get("/", this::home);
        app.get("/login", ctx -> ctx.render("login.jte", ConsoleServer.model(ctx, "Sign in", null)));
        app.post("/login", this::signIn);
        app.post("/logout", ctx -> {
            ConsoleSessions.Session session = ConsoleServer.session(ctx);
            context.audit().record(session.username(), "sign-out", "console", null, null, ctx.ip());
            sessions.signOut(session);
            ctx.removeCookie(ConsoleServer.COOKIE, "/");
            ctx.redirect("/login");
        });
    }

    private void home(Context ctx) {
        ConsoleSessions.Session session = ConsoleServer.session(ctx);
        ctx.redirect(session.role().areas().get(0).path());
    }

    private void signIn(Context ctx) {
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("").trim();
        String password = ctx.formParam("password");
        ConsoleSessions.Session anonymous = ConsoleServer.session(ctx);
        if (throttle.blocked(username, ctx.ip())) {
            LOG.warn("console: sign-in for '{}' from {} refused: too many failed attempts", username, ctx.ip());
            context.audit().record(username.isEmpty() ? "(none)" : username, "sign-in-throttled", "console", null, null, ctx.ip());
            context.metrics().loginFailed("CONSOLE", "locked-out");
            anonymous.flash("error:Too many failed sign-ins for this user or from this address. Wait "
                    + LoginThrottle.WINDOW.toMinutes() + " minutes, or ask an admin to check the account.");
            ctx.redirect("/login");
            return;
        }
        Optional<ConsoleUser> user = context.users().authenticate(username, password);
        if (user.isEmpty()) {
            throttle.failed(username, ctx.ip());
            LOG.info("console: failed sign-in for '{}' from {}", username, ctx.ip());
            context.audit().record(username.isEmpty() ? "(none)" : username, "sign-in-failed", "console", null, null, ctx.ip());
            context.metrics().loginFailed("CONSOLE", "invalid-credentials");
            anonymous.flash("error:Wrong user name or password.");
            ctx.redirect("/login");
            return;
        }
        throttle.succeeded(username);
        ConsoleSessions.Session session = sessions.signIn(anonymous, user.get().username(), user.get().role());
        ConsoleServer.setCookie(ctx, session);
        context.audit().record(user.get().username(), "sign-in", "console", null, user.get().role().name(), ctx.ip());
        LOG.info("console: {} ({}) signed in from {}", user.get().username(), user.get().role(), ctx.ip());
        ctx.redirect(user.get().role().areas().get(0).path());
    }
}
