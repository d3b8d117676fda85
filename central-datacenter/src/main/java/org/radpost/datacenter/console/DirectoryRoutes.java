package org.radpost.datacenter.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.radpost.archiver.retention.CenterPolicy;
import org.radpost.archiver.retention.CenterRetention;
import org.radpost.archiver.retention.RetentionRule;
import java.util.TreeSet;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.datacenter.directory.Center;
import org.radpost.datacenter.directory.SmimeCertificates;
import org.radpost.datacenter.directory.Grant;
import org.radpost.datacenter.directory.Viewer;

/** The directory: centers (with their archive retention), viewers and who may send to whom. Each change is read by the pipeline at its next question. */
final class DirectoryRoutes {
    private final ConsoleContext context;

    DirectoryRoutes(ConsoleContext context) {
        this.context = context;
    }

    void register(Javalin app) {
        app.get("/directory", ctx -> ctx.render("directory.jte", ConsoleServer.model(ctx, "Directory", Area.DIRECTORY,
                "centers", context.directory().centers(), "viewers", context.directory().viewers(),
                "grants", context.directory().grants(), "retention", retention(), "certificates", certificates(),
                "sharedRules", context.archiver().retention().rules().stream().filter(r -> r.centerCode().isEmpty())
                        .map(DirectoryRoutes::period).toList(),
                "groups", new TreeSet<>(context.directory().viewers().stream().map(Viewer::viewerGroup).filter(Objects::nonNull).toList()))));
        app.post("/directory/centers", this::addCenter);
        app.post("/directory/viewers", this::addViewer);
        app.post("/directory/centers/{code}/active", ctx -> {
            boolean active = Boolean.parseBoolean(ctx.formParam("active"));
            Center before = context.directory().requireCenter(ctx.pathParam("code"));
            context.directory().setCenterActive(before.code(), active);
            done(ctx, active ? "center-enable" : "center-disable", "center " + before.code(), state(before.active()), state(active),
                    "Center " + before.code() + (active ? " enabled." : " disabled: it can no longer sign in or send."));
        });
        app.post("/directory/viewers/{code}/active", ctx -> {
            boolean active = Boolean.parseBoolean(ctx.formParam("active"));
            Viewer before = context.directory().requireViewer(ctx.pathParam("code"));
            context.directory().setViewerActive(before.code(), active);
            done(ctx, active ? "viewer-enable" : "viewer-disable", "viewer " + before.code(), state(before.active()), state(active),
                    "Viewer " + before.code() + (active ? " enabled." : " disabled: it can no longer sign in or receive studies."));
        });
        app.post("/directory/centers/{code}/password", ctx -> {
            context.directory().setCenterPassword(ctx.pathParam("code"), ctx.formParam("password"));
            done(ctx, "center-password", "center " + ctx.pathParam("code"), "(hidden)", "changed", "Password of center "
                    + ctx.pathParam("code") + " changed; give it to the center's administrator.");
        });
        app.post("/directory/viewers/{code}/password", ctx -> {
            context.directory().setViewerPassword(ctx.pathParam("code"), ctx.formParam("password"));
            done(ctx, "viewer-password", "viewer " + ctx.pathParam("code"), "(hidden)", "changed", "Password of viewer "
                    + ctx.pathParam("code") + " changed.");
        });
        app.post("/directory/viewers/{code}/settings", ctx -> {
            Viewer before = context.directory().requireViewer(ctx.pathParam("code"));
            AccessLevel access = AccessLevel.valueOf(ctx.formParam("access"));
            String group = ctx.formParam("group");
            context.directory().changeViewer(before.code(), v -> {
                v.accessLevel(access);
                v.viewerGroup(group);
            });
            done(ctx, "viewer-settings", "viewer " + before.code(), before.accessLevel() + ", group " + before.viewerGroup(),
                    access + ", group " + (group == null || group.isBlank() ? null : group.trim()), "Viewer " + before.code() + " updated.");
        });
        app.post("/directory/centers/{code}/remove", ctx -> {
            context.directory().removeCenter(ctx.pathParam("code"));
            done(ctx, "center-remove", "center " + ctx.pathParam("code"), "present", "removed", "Center " + ctx.pathParam("code") + " removed.");
        });
        app.post("/directory/viewers/{code}/remove", ctx -> {
            context.directory().removeViewer(ctx.pathParam("code"));
            done(ctx, "viewer-remove", "viewer " + ctx.pathParam("code"), "present", "removed", "Viewer " + ctx.pathParam("code") + " removed.");
        });
        app.post("/directory/grants", this::grant);
        app.post("/directory/grants/{id}/revoke", ctx -> {
            Grant grant = context.directory().revoke(ctx.pathParam("id"));
            done(ctx, "revoke", "center " + grant.centerCode() + " → " + grant.to(), grant.modalityText(), "not authorized",
                    "Center " + grant.centerCode() + " may no longer send " + grant.modalityText() + " to " + grant.to() + ".");
        });
    }

    /** Each account's S/MIME certificate as the directory holds it (subject, serial, expiry), by address. */
    private Map<String, String> certificates() {
        SmimeCertificates held = new SmimeCertificates(context.directory());
        Map<String, String> byAddress = new HashMap<>();
        List<String> addresses = new java.util.ArrayList<>(context.directory().centers().stream().map(Center::address).toList());
        addresses.addAll(context.directory().viewers().stream().map(Viewer::address).toList());
        for (String address : addresses) {
            byAddress.put(address, held.of(address).map(SmimeCertificates::describe)
                    .orElse("none: plain messages (TLS only) are accepted"));
        }
        return byAddress;
    }

    /** Each center's archive retention as the tape archiver applies it: its policy at expiry and its own periods. */
    private Map<String, String> retention() {
        Map<String, CenterRetention> policies = context.archiver().retention().policies().stream()
                .collect(Collectors.toMap(CenterRetention::centerCode, p -> p));
        List<RetentionRule> rules = context.archiver().retention().rules();
        Map<String, String> byCenter = new HashMap<>();
        for (Center c : context.directory().centers()) {
            CenterRetention policy = policies.getOrDefault(c.code(), CenterRetention.defaultFor(c.code()));
            String own = rules.stream().filter(r -> r.centerCode().filter(c.code()::equals).isPresent()).map(DirectoryRoutes::period)
                    .collect(Collectors.joining(", "));
            byCenter.put(c.code(), (policy.policy() == CenterPolicy.NOTIFY_THEN_CONFIRM
                    ? "notify " + policy.noticeDays() + " days before expiry, delete once the center confirms"
                    : "delete at expiry") + (policies.containsKey(c.code()) ? "" : " (default)")
                    + (own.isEmpty() ? "; the shared periods" : "; own periods: " + own));
        }
        return byCenter;
    }

    private static String period(RetentionRule rule) {
        return rule.modality() + " " + (rule.years() > 0 ? rule.years() + " y" : "") + (rule.years() > 0 && rule.days() > 0 ? " " : "")
                + (rule.days() > 0 ? rule.days() + " d" : "");
    }

    private void addCenter(Context ctx) {
        Center center = context.directory().addCenter(required(ctx, "code"), required(ctx, "name"), required(ctx, "address"),
                ctx.formParam("password"));
        done(ctx, "center-add", "center " + center.code(), null, center.name() + " <" + center.address() + ">",
                "Center " + center.code() + " added; it signs in as " + center.address() + ".");
    }

    private void addViewer(Context ctx) {
        Viewer viewer = context.directory().addViewer(required(ctx, "code"), required(ctx, "name"), required(ctx, "address"),
                ctx.formParam("password"), AccessLevel.valueOf(ctx.formParamAsClass("access", String.class).getOrDefault("FULL")));
        done(ctx, "viewer-add", "viewer " + viewer.code(), null, viewer.name() + " <" + viewer.address() + ">, " + viewer.accessLevel(),
                "Viewer " + viewer.code() + " added.");
    }

    private void grant(Context ctx) {
        String center = required(ctx, "center");
        String to = required(ctx, "to");
        String modality = ctx.formParam("modality");
        modality = modality == null || modality.isBlank() ? null : modality.trim().toUpperCase();
        if (to.startsWith("group:")) {
            context.directory().authorizeGroup(center, to.substring(6), modality);
        } else {
            context.directory().authorize(center, to, modality);
        }
        String scope = modality == null ? "all modalities" : modality;
        String shown = to.startsWith("group:") ? "group " + to.substring(6) : "viewer " + to;
        done(ctx, "authorize", "center " + center + " → " + shown, "not authorized", scope,
                "Center " + center + " may now send " + scope + " to " + shown + "; its next study routes there.");
    }

    private void done(Context ctx, String action, String target, String before, String after, String notice) {
        ConsoleSessions.Session session = ConsoleServer.session(ctx);
        context.audit().record(session.username(), action, target, before, after, ctx.ip());
        session.flash("ok:" + notice);
        ctx.redirect("/directory");
    }

    private static String state(boolean active) {
        return active ? "active" : "disabled";
    }

    private static String required(Context ctx, String name) {
        String value = ctx.formParam(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("fill in the " + name);
        }
        return value.trim();
    }
}
