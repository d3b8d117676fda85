package org.radpost.datacenter.console;

import io.javalin.Javalin;
import io.javalin.http.Context;

/** The console's users and their roles; an admin's area. A changed role, password or status ends the user's sessions. */
final class UserRoutes {
    private final ConsoleContext context;
    private final ConsoleSessions sessions;

    UserRoutes(ConsoleContext context, ConsoleSessions sessions) {
        this.context = context;
        this.sessions = sessions;
    }

    void register(Javalin app) {
        app.get("/users", ctx -> ctx.render("users.jte", ConsoleServer.model(ctx, "Users", Area.USERS, "users", context.users().all(),
                "roles", Role.values())));
        app.post("/users", ctx -> {
            ConsoleUser user = context.users().add(ctx.formParam("username"), ctx.formParam("password"), Role.parse(ctx.formParam("role")));
            done(ctx, "user-add", user.username(), null, user.role().name(), "User " + user.username() + " added as "
                    + user.role().name().toLowerCase() + ".");
        });
        app.post("/users/{name}/role", ctx -> {
            String name = ctx.pathParam("name");
            ConsoleUser before = require(name);
            Role role = Role.parse(ctx.formParam("role"));
            context.users().change(name, u -> u.role(role));
            sessions.endAll(name);
            done(ctx, "user-role", name, before.role().name(), role.name(), "User " + name + " is now " + role.name().toLowerCase() + ".");
        });
        app.post("/users/{name}/active", ctx -> {
            String name = ctx.pathParam("name");
            ConsoleUser before = require(name);
            boolean active = Boolean.parseBoolean(ctx.formParam("active"));
            if (!active && name.equals(ConsoleServer.session(ctx).username())) {
                throw new IllegalArgumentException("you cannot disable your own account");
            }
            context.users().change(name, u -> u.active(active));
            sessions.endAll(name);
            done(ctx, active ? "user-enable" : "user-disable", name, before.active() ? "active" : "disabled",
                    active ? "active" : "disabled", "User " + name + (active ? " enabled." : " disabled."));
        });
        app.post("/users/{name}/password", ctx -> {
            String name = ctx.pathParam("name");
            context.users().setPassword(name, ctx.formParam("password"));
            if (!name.equals(ConsoleServer.session(ctx).username())) {
                sessions.endAll(name);
            }
            done(ctx, "user-password", name, "(hidden)", "changed", "Password of " + name + " changed.");
        });
    }

    private ConsoleUser require(String name) {
        return context.users().find(name).orElseThrow(() -> new IllegalArgumentException("no console user '" + name + "'"));
    }

    private void done(Context ctx, String action, String target, String before, String after, String notice) {
        ConsoleSessions.Session session = ConsoleServer.session(ctx);
        context.audit().record(session.username(), action, "user " + target, before, after, ctx.ip());
        session.flash("ok:" + notice);
        ctx.redirect("/users");
    }
}
