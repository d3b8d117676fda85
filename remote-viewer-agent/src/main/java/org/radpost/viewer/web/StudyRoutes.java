package org.radpost.viewer.web;

import static org.radpost.viewer.web.Html.esc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.radpost.wire.StudyUid;
import org.radpost.viewer.store.OutgoingMessage;
import org.radpost.viewer.report.ReportDraft;
import org.radpost.viewer.store.ImageInfo;
import org.radpost.viewer.store.ReportInfo;
import org.radpost.viewer.store.SeriesInfo;
import org.radpost.viewer.store.StudyInfo;
import org.radpost.viewer.view.WindowPreset;

/** The study page (series, image viewer, attributes, report form, what was sent) and the report submission. */
final class StudyRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
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
        StringBuilder b = new StringBuilder();
        b.append("<section class=\"study\" id=\"study\"><div class=\"study-head\"><h1>").append(esc(Html.personName(study.patientName())))
                .append("</h1><span class=\"facts\">").append(esc(study.patientId())).append(" · Acc ").append(esc(study.accessionNumber()))
                .append(" · ").append(esc(study.studyDate().map(Object::toString).orElse("no date"))).append(" · ")
                .append(esc(study.description())).append(" · from ").append(esc(study.center())).append("</span>")
                .append(study.stat() ? "<span class=\"badge stat\">STAT</span>" : "")
                .append("<span id=\"study-status\" class=\"badge ").append(study.status().name().toLowerCase()).append("\">")
                .append(study.status().name().toLowerCase()).append("</span><span class=\"count\">Images ")
                .append(esc(study.completeness())).append("</span></div>");
        b.append("<div class=\"study-body\"><aside class=\"series-list\"><h2>Series</h2>");
        for (int i = 0; i < series.size(); i++) {
            SeriesInfo s = series.get(i);
            b.append("<button class=\"series\" data-series=\"").append(i).append("\"><b>").append(esc(s.modality())).append(' ')
                    .append(esc(s.seriesNumber())).append("</b> ").append(esc(s.description())).append("<br><small>")
                    .append(s.images().size()).append(" image(s)</small></button>");
        }
        if (series.isEmpty()) {
            b.append("<p class=\"muted\">No images yet.</p>");
        }
        b.append(priors(study)).append("</aside>");
        b.append(viewer(modality));
        b.append("<aside class=\"side\"><h2>Image</h2><dl id=\"attributes\" class=\"attributes\"></dl>")
                .append(reports(study)).append(outgoing(study)).append("</aside></div></section>");
        b.append("<script type=\"application/json\" id=\"study-data\">").append(data(study, series, modality)).append("</script>");
        ctx.html(Html.page(Html.personName(study.patientName()), desk.readerName(), b.toString()));
    }

    private static String viewer(String modality) {
        StringBuilder b = new StringBuilder("<div class=\"viewer\"><div class=\"tools\"><span class=\"group\" id=\"presets\">");
        for (WindowPreset p : WindowPreset.forModality(modality)) {
            b.append("<button class=\"preset\" data-preset=\"").append(p.name()).append("\"")
                    .append(p.windowLevel().map(w -> " data-wc=\"" + w.center() + "\" data-ww=\"" + w.width() + "\"").orElse(""))
                    .append('>').append(esc(p.label())).append("</button>");
        }
        b.append("</span><span class=\"group\" id=\"tools\">");
        for (String[] t : new String[][] {{"wl", "W/L"}, {"arrow", "Arrow"}, {"line", "Measure"}, {"ellipse", "Ellipse"}, {"text", "Text"}}) {
            b.append("<button class=\"tool").append(t[0].equals("wl") ? " active" : "").append("\" data-tool=\"").append(t[0])
                    .append("\">").append(t[1]).append("</button>");
        }
        b.append("<input id=\"annotation-text\" type=\"text\" placeholder=\"label / text\" maxlength=\"200\"></span>")
                .append("<span class=\"group\"><button id=\"zoom-out\">−</button><button id=\"zoom-fit\">Fit</button>")
                .append("<button id=\"zoom-in\">+</button></span><span class=\"group\"><button id=\"clear-shapes\">Clear</button>")
                .append("<button id=\"save-annotations\" class=\"primary\" disabled>Save annotations</button></span></div>")
                .append("<div id=\"stage\" class=\"stage\" tabindex=\"0\"><div id=\"canvas-wrap\"><img id=\"image\" alt=\"\" draggable=\"false\">")
                .append("<svg id=\"overlay\" xmlns=\"http://www.w3.org/2000/svg\"></svg></div>")
                .append("<div id=\"message\" class=\"cannot-display\" hidden></div></div>")
                .append("<div class=\"viewer-status\"><span id=\"position\"></span><span id=\"window\"></span><span id=\"zoom\"></span>")
                .append("<span id=\"annotation-status\"></span></div>")
                .append("<p class=\"hint\">Drag to change window/level · wheel or ↑/↓ to scroll images · ←/→ frames · +/− zoom</p></div>");
        return b.toString();
    }

    private String priors(StudyInfo study) {
        List<StudyInfo> priors = desk.studies().priors(study.studyUid());
        if (priors.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<h2>Priors</h2><ul class=\"priors\">");
        for (StudyInfo p : priors) {
            b.append("<li><a href=\"/study/").append(esc(p.studyUid().value())).append("\">")
                    .append(esc(p.studyDate().map(Object::toString).orElse("no date"))).append(' ').append(esc(p.modalities()))
                    .append(' ').append(esc(p.description())).append("</a> <span class=\"badge ")
                    .append(p.status().name().toLowerCase()).append("\">").append(p.status().name().toLowerCase())
                    .append("</span>").append(reportsLinks(p)).append("</li>");
        }
        return b.append("</ul>").toString();
    }

    private String reportsLinks(StudyInfo study) {
        StringBuilder b = new StringBuilder();
        for (ReportInfo r : desk.studies().reports(study.studyUid())) {
            b.append(" <a class=\"report-link\" href=\"/report/").append(esc(r.sopInstanceUid().value())).append("/text?study=")
                    .append(esc(study.studyUid().value())).append("\">report</a>");
        }
        return b.toString();
    }

    private String reports(StudyInfo study) {
        StringBuilder b = new StringBuilder("<h2>Report</h2>");
        List<ReportInfo> reports = desk.studies().reports(study.studyUid());
        for (ReportInfo r : reports) {
            b.append("<article class=\"report\" data-report=\"").append(esc(r.sopInstanceUid().value())).append("\"><p class=\"meta\">")
                    .append(r.local() ? "Written by " : "Received from ").append(esc(r.reader())).append(", ")
                    .append(esc(TIME.format(r.createdAt()))).append("</p>");
            if (r.local()) {
                b.append("<h3>Findings</h3><p class=\"text\">").append(esc(r.findings())).append("</p><h3>Impression</h3><p class=\"text\">")
                        .append(esc(r.impression())).append("</p>");
            } else {
                b.append("<pre class=\"text\">").append(esc(r.findings())).append("</pre>");
            }
            b.append("<a href=\"/report/").append(esc(r.sopInstanceUid().value())).append("/text?study=")
                    .append(esc(study.studyUid().value())).append("\">Text rendering</a></article>");
        }
        boolean reportedHere = reports.stream().anyMatch(ReportInfo::local);
        if (!reportedHere) {
            b.append("<form id=\"report-form\" method=\"post\" action=\"/study/").append(esc(study.studyUid().value()))
                    .append("/report\"><label for=\"findings\">Findings</label><textarea id=\"findings\" name=\"findings\" rows=\"6\" required></textarea>")
                    .append("<label for=\"impression\">Impression</label><textarea id=\"impression\" name=\"impression\" rows=\"3\" required></textarea>")
                    .append("<button id=\"send-report\" class=\"primary\" type=\"submit\">Sign and send report</button></form>");
        }
        return b.toString();
    }

    private String outgoing(StudyInfo study) {
        List<OutgoingMessage> sent = desk.outbox().forStudy(study.studyUid());
        if (sent.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<h2>Sent to the data center</h2><ul id=\"outgoing\" class=\"outgoing\">");
        for (OutgoingMessage m : sent) {
            b.append("<li class=\"state-").append(m.state().label()).append("\">")
                    .append(esc(m.kind().name().toLowerCase().replace('_', ' '))).append(": <b>").append(esc(m.state().label()))
                    .append("</b>").append(m.lastError().map(e -> " <small>(" + esc(e) + ")</small>").orElse("")).append("</li>");
        }
        return b.append("</ul>").toString();
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
        return JSON.writeValueAsString(data).replace("</", "<\\/");
    }

    private void report(Context ctx) throws java.io.IOException {
        StudyInfo study = study(ctx.pathParam("uid"));
        ReportDraft draft = new ReportDraft(ctx.formParam("findings"), ctx.formParam("impression"));
        desk.reports().submit(study.studyUid(), draft);
        ctx.redirect("/study/" + study.studyUid().value() + "?reported=1");
    }
}
