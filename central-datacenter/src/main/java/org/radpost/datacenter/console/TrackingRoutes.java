package org.radpost.datacenter.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import org.radpost.datacenter.tracking.StudyReport;
import org.radpost.datacenter.tracking.StudySearch;
import org.radpost.datacenter.tracking.TrackingState;

/** Tracking: find studies by what an operator knows, and read one study's whole story on one page. */
final class TrackingRoutes {
    private final ConsoleContext context;

    TrackingRoutes(ConsoleContext context) {
        this.context = context;
    }

    void register(Javalin app) {
        app.get("/tracking", this::search);
        app.get("/tracking/study/{uid}", this::study);
    }

    private void search(Context ctx) {
        StudySearch.Criteria criteria = new StudySearch.Criteria(ctx.queryParam("patient"), ctx.queryParam("accession"),
                ctx.queryParam("study"), ctx.queryParam("center"), ctx.queryParam("viewer"), ctx.queryParam("modality"),
                ctx.queryParam("state"), date(ctx, "from"), date(ctx, "to"));
        List<StudySearch.Row> rows = new StudySearch(context.sessions()).find(criteria);
        ctx.render("tracking.jte", ConsoleServer.model(ctx, "Tracking", Area.TRACKING, "criteria", criteria, "rows", rows,
                "states", Arrays.stream(TrackingState.values()).map(Enum::name).toList(),
                "centers", context.directory().centers(), "viewers", context.directory().viewers(), "limit", StudySearch.LIMIT));
    }

    private void study(Context ctx) {
        String uid = ctx.pathParam("uid");
        StudyReport report = StudyReport.of(context.sessions(), uid)
                .orElseThrow(() -> new NotFoundResponse("The data center has no study " + uid + "."));
        ctx.render("study.jte", ConsoleServer.model(ctx, "Study", Area.TRACKING, "report", report));
    }

    private static LocalDate date(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a date such as 2026-11-30");
        }
    }
}
