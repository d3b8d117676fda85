package org.radpost.viewer.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.radpost.wire.StudyUid;
import org.radpost.viewer.report.ReportDraft;
import org.radpost.viewer.store.ImageInfo;
import org.radpost.viewer.store.ReportInfo;
import org.radpost.viewer.store.SeriesInfo;
import org.radpost.viewer.store.StudyInfo;
import org.radpost.viewer.view.WindowPreset;

/**
 * The study page (series, image viewer, attributes, report form, what was sent), the study's images as they stand
 * now (JSON, which the page polls while the study is still arriving) and the report submission.
 */
final class StudyRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ReadingDesk desk;

    StudyRoutes(ReadingDesk desk) {
        this.desk = desk;
    }

    void register(Javalin app) {
        app.get("/study/{uid}", this::page);
        app.get("/api/study/{uid}", this::images);
        app.post("/study/{uid}/report", this::report);
        app.get("/report/{sop}/text", ctx -> {
            String sop = ctx.pathParam("sop");
            ReportInfo report = desk.studies().reports(study(ctx.queryParam("study")).studyUid()).stream()
                    .filter(r -> r.sopInstanceUid().value().equals(sop)).findFirst()
                    .orElseThrow(() -> new NotFoundResponse("no report " + sop));
            ctx.contentType("text/plain; charset=utf-8").result(org.radpost.viewer.report.SrText.of(report.file()));
        });
    }

    private StudyInfo study(String uid) {
        if (uid == null || uid.isBlank()) {
            throw new IllegalArgumentException("which study? the study UID is missing");
        }
        return desk.studies().find(StudyUid.of(uid)).orElseThrow(() -> new NotFoundResponse("no study " + uid + " here"));
    }

    private void page(Context ctx) throws JsonProcessingException {
        StudyInfo study = study(ctx.pathParam("uid"));
        desk.receipts().studyOpened(study.studyUid()); // marks it opened; the receipt goes out in the background
        study = desk.studies().find(study.studyUid()).orElseThrow();
        List<SeriesInfo> series = desk.studies().series(study.studyUid());
        String modality = series.isEmpty() ? "" : series.get(0).modality();
        List<StudyPage.Prior> priors = desk.studies().priors(study.studyUid()).stream()
                .map(p -> new StudyPage.Prior(p, desk.studies().reports(p.studyUid()))).toList();
        StudyPage page = new StudyPage(desk.readerName(), study, series, priors, desk.studies().reports(study.studyUid()),
                desk.outbox().forStudy(study.studyUid()), WindowPreset.forModality(modality),
                JSON.writeValueAsString(data(study, series)));
        ctx.render("study.jte", Map.of("page", page));
    }

    /** The same data the page starts with, as it stands now; reading it marks nothing opened. */
    private void images(Context ctx) {
        StudyInfo study = study(ctx.pathParam("uid"));
        ctx.json(data(study, desk.studies().series(study.studyUid())));
    }

    /** What the page script reads: the series and their images, and how far the study has arrived. */
    private static Map<String, Object> data(StudyInfo study, List<SeriesInfo> series) {
        List<Map<String, Object>> seriesData = new ArrayList<>();
        for (SeriesInfo s : series) {
            List<Map<String, Object>> images = new ArrayList<>();
            for (ImageInfo i : s.images()) {
                images.add(Map.of("sop", i.sopInstanceUid().value(), "instance", i.instanceNumber(), "frames", i.frames()));
            }
            seriesData.add(Map.of("uid", s.seriesUid().value(), "modality", s.modality(), "number", s.seriesNumber(),
                    "description", s.description(), "images", images));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("studyUid", study.studyUid().value());
        data.put("modality", series.isEmpty() ? "" : series.get(0).modality());
        data.put("series", seriesData);
        data.put("completeness", study.completeness());
        data.put("complete", study.complete());
        return data;
    }

    private void report(Context ctx) throws java.io.IOException {
        StudyInfo study = study(ctx.pathParam("uid"));
        ReportDraft draft = new ReportDraft(ctx.formParam("findings"), ctx.formParam("impression"));
        desk.reports().submit(study.studyUid(), draft);
        ctx.redirect("/study/" + study.studyUid().value() + "?reported=1");
    }
}
