package org.radpost.viewer.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.radpost.viewer.worklist.WorklistFilter;

/** The worklist page: STAT first, then by arrival, with search and a modality filter; rows refresh by themselves. */
final class WorklistRoutes {
    private static final List<String> MODALITIES = List.of("CT", "MR", "CR", "DX", "US", "MG", "NM", "PT", "XA");
    private final ReadingDesk desk;

    WorklistRoutes(ReadingDesk desk) {
        this.desk = desk;
    }

    void register(Javalin app) {
        app.get("/", this::page);
        app.get("/worklist/rows", ctx -> ctx.render("worklistRows.jte", Map.of("studies", desk.worklist().list(filter(ctx)))));
        app.post("/poll", ctx -> {
            desk.poller().pollSoon();
            ctx.redirect("/?polling=1");
        });
    }

    private static WorklistFilter filter(Context ctx) {
        return new WorklistFilter(ctx.queryParam("q"), ctx.queryParam("modality"));
    }

    private void page(Context ctx) {
        WorklistFilter filter = filter(ctx);
        String refresh = "/worklist/rows?q=" + URLEncoder.encode(filter.text(), StandardCharsets.UTF_8)
                + "&modality=" + URLEncoder.encode(filter.modality(), StandardCharsets.UTF_8);
        WorklistPage page = new WorklistPage(desk.readerName(), filter, MODALITIES, desk.worklist().list(filter),
                desk.poller().lastResult(), refresh);
        ctx.render("worklist.jte", Map.of("page", page));
    }
}
