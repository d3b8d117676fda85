package org.radpost.viewer.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.radpost.viewer.poll.DownloadProgress;
import org.radpost.viewer.worklist.WorklistFilter;

/**
 * The worklist page: STAT first, then by arrival, with search and a modality filter; rows and the mail line (what
 * is downloading, or the last mail check) refresh by themselves.
 */
final class WorklistRoutes {
    private static final List<String> MODALITIES = List.of("CT", "MR", "CR", "DX", "US", "MG", "NM", "PT", "XA");
    private final ReadingDesk desk;

    WorklistRoutes(ReadingDesk desk) {
        this.desk = desk;
    }

    void register(Javalin app) {
        app.get("/", this::page);
        app.get("/worklist/rows", ctx -> ctx.render("worklistRows.jte", Map.of("studies", desk.worklist().list(filter(ctx)))));
        app.get("/worklist/status", ctx -> ctx.render("worklistStatus.jte", Map.of("status", mailStatus())));
        app.post("/poll", ctx -> {
            desk.poller().pollSoon();
            ctx.redirect("/?polling=1");
        });
    }

    private static WorklistFilter filter(Context ctx) {
        return new WorklistFilter(ctx.queryParam("q"), ctx.queryParam("modality"));
    }

    /** The download now, named by its study's patient when part of that study is already here. */
    private MailStatus mailStatus() {
        DownloadProgress.Snapshot download = desk.poller().progress().snapshot();
        Optional<String> study = download.studyUid().flatMap(uid -> desk.studies().find(uid))
                .map(s -> Format.personName(s.patientName())).filter(name -> !name.isBlank());
        return new MailStatus(download, study, desk.poller().lastResult());
    }

    private void page(Context ctx) {
        WorklistFilter filter = filter(ctx);
        String refresh = "/worklist/rows?q=" + URLEncoder.encode(filter.text(), StandardCharsets.UTF_8)
                + "&modality=" + URLEncoder.encode(filter.modality(), StandardCharsets.UTF_8);
        WorklistPage page = new WorklistPage(desk.readerName(), filter, MODALITIES, desk.worklist().list(filter),
                mailStatus(), refresh);
        ctx.render("worklist.jte", Map.of("page", page));
    }
}
