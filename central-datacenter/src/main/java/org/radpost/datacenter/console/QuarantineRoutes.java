package org.radpost.datacenter.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.radpost.datacenter.directory.Viewer;
import org.radpost.datacenter.route.QuarantinedStudy;

/** The quarantine: studies that could not be routed, fixed by choosing a viewer or granting a route, then released; or rejected. */
final class QuarantineRoutes {
    private final ConsoleContext context;

    QuarantineRoutes(ConsoleContext context) {
        this.context = context;
    }

    void register(Javalin app) {
        app.get("/quarantine", this::list);
        app.get("/quarantine/{number}", this::study);
        app.post("/quarantine/{number}/release", this::release);
        app.post("/quarantine/{number}/grant-and-release", this::grantAndRelease);
        app.post("/quarantine/{number}/reject", this::reject);
        app.post("/quarantine/bulk", this::bulk);
    }

    private void list(Context ctx) {
        String cause = ctx.queryParam("cause");
        List<QuarantinedStudy> all = context.quarantine().studies(null);
        Map<String, Long> causes = new LinkedHashMap<>();
        all.forEach(q -> causes.merge(q.reasonCode(), 1L, Long::sum));
        List<QuarantinedStudy> shown = cause == null || cause.isBlank() ? all
                : all.stream().filter(q -> q.reasonCode().equals(cause)).toList();
        ctx.render("quarantine.jte", ConsoleServer.model(ctx, "Quarantine", Area.QUARANTINE, "studies", shown, "causes", causes,
                "cause", cause == null ? "" : cause, "destinations", commonDestinations(shown), "now", context.clock().instant()));
    }

    /** The viewers every listed study may go to: what a bulk release may offer. */
    private List<Viewer> commonDestinations(List<QuarantinedStudy> studies) {
        if (studies.isEmpty() || studies.stream().anyMatch(q -> !q.fromCenter())) {
            return List.of();
        }
        List<Viewer> common = new ArrayList<>(context.quarantine().destinationsFor(studies.get(0)));
        for (QuarantinedStudy q : studies.subList(1, studies.size())) {
            List<Long> ids = context.quarantine().destinationsFor(q).stream().map(Viewer::id).toList();
            common.removeIf(v -> !ids.contains(v.id()));
        }
        return common;
    }

    private void study(Context ctx) {
        QuarantinedStudy study = context.quarantine().study(number(ctx));
        ctx.render("quarantine-study.jte", ConsoleServer.model(ctx, "Quarantined study", Area.QUARANTINE, "study", study,
                "destinations", context.quarantine().destinationsFor(study),
                "viewers", context.directory().viewers().stream().filter(Viewer::active).toList(),
                "now", context.clock().instant()));
    }

    private void release(Context ctx) {
        ConsoleSessions.Session session = ConsoleServer.session(ctx);
        String viewer = ctx.formParam("viewer");
        QuarantinedStudy study = context.quarantine().release(number(ctx), viewer, "console:" + session.username());
        context.nudge().run();
        context.audit().record(session.username(), "quarantine-release", "study " + study.studyUid(), before(study),
                "released to " + viewer, ctx.ip());
        session.flash("ok:Study of " + study.patientName() + " (" + study.accessionNumber() + ") released to " + viewer
                + "; it is routed and delivered now, and center " + study.centerCode() + " is told.");
        ctx.redirect("/quarantine");
    }

    private void grantAndRelease(Context ctx) {
        ConsoleSessions.Session session = ConsoleServer.session(ctx);
        if (!session.role().allows(Area.DIRECTORY)) {
            throw new ForbiddenResponse("Granting a route is a manager's task: your role (" + session.role().name().toLowerCase()
                    + ") may release only to viewers the center is already authorized for.");
        }
        QuarantinedStudy study = context.quarantine().study(number(ctx));
        if (!study.fromCenter()) {
            throw new IllegalArgumentException("this entry is not a center's study; there is no route to grant");
        }
        String viewer = ctx.formParam("viewer");
        String modality = "all".equals(ctx.formParam("scope")) ? null : study.modality();
        Viewer target = context.directory().requireViewer(viewer);
        context.directory().authorize(study.centerCode(), target.code(), modality);
        context.audit().record(session.username(), "authorize", "center " + study.centerCode() + " → viewer " + target.code(),
                "not authorized", modality == null ? "all modalities" : modality, ctx.ip());
        context.quarantine().release(study.number(), target.code(), "console:" + session.username());
        context.nudge().run();
        context.audit().record(session.username(), "quarantine-release", "study " + study.studyUid(), before(study),
                "released to " + target.code(), ctx.ip());
        session.flash("ok:Center " + study.centerCode() + " may now send " + (modality == null ? "all studies" : modality + " studies")
                + " to " + target.code() + "; the study of " + study.patientName() + " was released to it.");
        ctx.redirect("/quarantine");
    }

    private void reject(Context ctx) {
        ConsoleSessions.Session session = ConsoleServer.session(ctx);
        String reason = ctx.formParam("reason");
        QuarantinedStudy study = context.quarantine().reject(number(ctx), reason, "console:" + session.username());
        context.audit().record(session.username(), "quarantine-reject", "study " + study.studyUid(), before(study),
                "rejected: " + reason, ctx.ip());
        session.flash("ok:Study of " + study.patientName() + " (" + study.accessionNumber() + ") rejected; center "
                + study.centerCode() + " receives the reason.");
        ctx.redirect("/quarantine");
    }

    private void bulk(Context ctx) {
        ConsoleSessions.Session session = ConsoleServer.session(ctx);
        List<String> numbers = ctx.formParams("number");
        if (numbers.isEmpty()) {
            throw new IllegalArgumentException("tick the studies to act on first");
        }
        String action = ctx.formParam("action");
        int done = 0;
        for (String n : numbers) {
            long number = Long.parseLong(n);
            QuarantinedStudy study;
            if ("reject".equals(action)) {
                String reason = ctx.formParam("reason");
                study = context.quarantine().reject(number, reason, "console:" + session.username());
                context.audit().record(session.username(), "quarantine-reject", "study " + study.studyUid(), before(study),
                        "rejected (bulk): " + reason, ctx.ip());
            } else {
                String viewer = ctx.formParam("viewer");
                study = context.quarantine().release(number, viewer, "console:" + session.username());
                context.audit().record(session.username(), "quarantine-release", "study " + study.studyUid(), before(study),
                        "released (bulk) to " + viewer, ctx.ip());
            }
            done++;
        }
        context.nudge().run();
        ConsoleServer.back(ctx, done + " studies " + ("reject".equals(action) ? "rejected" : "released") + ".", null);
    }

    private static String before(QuarantinedStudy study) {
        return "quarantined [" + study.reasonCode() + "] for " + study.destination() + ", " + study.parts() + " parts";
    }

    private static long number(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("number"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + ctx.pathParam("number") + "' is not a quarantine number");
        }
    }
}
