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

/** The study page (series, image viewer, attributes, report form, what was sent) and the report submission. */
final class StudyRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ReadingDesk desk;

    StudyRoutes(ReadingDesk desk) {
        this.desk = desk;
    }

    void register(Javalin app) {
        app.get("/study/{uid}", this::page);
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
                desk.outbox().forStudy(study.studyUid()), WindowPreset.forModality(modality), data(study, series, modality));
        ctx.render("study.jte", Map.of("page", page));
    }

    private static String data(StudyInfo study, List<SeriesInfo> series, String modality) throws JsonProcessingException {
        List<Map<String, Object>> seriesData = new ArrayList<>();
        for (SeriesInfo s : series) {
            List<Map<String, Object>> images = new ArrayList<>();
            for (ImageInfo i : s.images()) {
                images.add(Map.of("sop", i.sopInstanceUid().value(), "instance", i.instanceNumber(), "frames", i.frames()));
            }
            seriesData.add(Map.of("uid", s.seriesUid().value(), "description", s.description(), "images", images));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("studyUid", study.studyUid().value());
        data.put("modality", modality);
        data.put("series", seriesData);
        return JSON.writeValueAsString(data);
    }

    private void report(Context ctx) throws java.io.IOException {
        StudyInfo study = study(ctx.pathParam("uid"));
        ReportDraft draft = new ReportDraft(ctx.formParam("findings"), ctx.formParam("impression"));
        desk.reports().submit(study.studyUid(), draft);
        ctx.redirect("/study/" + study.studyUid().value() + "?reported=1");
    }
}
