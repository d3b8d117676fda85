package org.radpost.viewer.web;

import static org.radpost.viewer.web.Html.esc;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.radpost.viewer.poll.PollResult;
import org.radpost.viewer.store.StudyInfo;
import org.radpost.viewer.worklist.WorklistFilter;

/** The worklist page: STAT first, then by arrival, with search and a modality filter; rows refresh by themselves. */
final class WorklistRoutes {
    private static final DateTimeFormatter ARRIVED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    private final ReadingDesk desk;

    WorklistRoutes(ReadingDesk desk) {
        this.desk = desk;
    }

    void register(Javalin app) {
        app.get("/", this::page);
        app.get("/worklist/rows", ctx -> ctx.html(rows(desk.worklist().list(filter(ctx)))));
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
        List<StudyInfo> studies = desk.worklist().list(filter);
        StringBuilder b = new StringBuilder();
        b.append("<section class=\"worklist\"><div class=\"toolbar\"><h1>Worklist</h1>")
                .append("<form class=\"filter\" method=\"get\" action=\"/\">")
                .append("<input id=\"search\" name=\"q\" type=\"search\" placeholder=\"Patient name or ID, accession\" value=\"")
                .append(esc(filter.text())).append("\">")
                .append("<select id=\"modality\" name=\"modality\"><option value=\"\">All modalities</option>");
        for (String m : List.of("CT", "MR", "CR", "DX", "US", "MG", "NM", "PT", "XA")) {
            b.append("<option").append(m.equals(filter.modality()) ? " selected" : "").append('>').append(m).append("</option>");
        }
        b.append("</select><button type=\"submit\">Search</button></form>")
                .append("<form method=\"post\" action=\"/poll\"><button id=\"poll-now\" type=\"submit\">Check mail now</button></form>")
                .append("</div>").append(pollStatus())
                .append("<table id=\"worklist\" data-refresh=\"/worklist/rows?q=")
                .append(esc(URLEncoder.encode(filter.text(), StandardCharsets.UTF_8))).append("&amp;modality=")
                .append(esc(URLEncoder.encode(filter.modality(), StandardCharsets.UTF_8))).append("\">")
                .append("<thead><tr><th></th><th>Patient</th><th>Patient ID</th><th>Accession</th><th>Modality</th>")
                .append("<th>Study date</th><th>Description</th><th>Center</th><th>Images</th><th>Status</th><th>Arrived</th></tr></thead>")
                .append("<tbody>").append(rows(studies)).append("</tbody></table></section>");
        ctx.html(Html.page("Worklist", desk.readerName(), b.toString()));
    }

    private String pollStatus() {
        return desk.poller().lastResult().map(WorklistRoutes::describe)
                .map(s -> "<p class=\"poll-status\">" + s + "</p>").orElse("<p class=\"poll-status\">Mailbox not checked yet.</p>");
    }

    private static String describe(PollResult r) {
        String when = ARRIVED.format(r.at());
        return r.error().map(e -> "<span class=\"error\">Last mail check " + esc(when) + " failed: " + esc(e) + "</span>")
                .orElse("Last mail check " + esc(when) + ": " + r.stored() + " new message(s)"
                        + (r.rejected() > 0 ? ", " + r.rejected() + " refused (see the rejected folder)" : "") + ".");
    }

    static String rows(List<StudyInfo> studies) {
        if (studies.isEmpty()) {
            return "<tr class=\"empty\"><td colspan=\"11\">No studies match. New studies appear here as soon as their first part arrives.</td></tr>";
        }
        StringBuilder b = new StringBuilder();
        for (StudyInfo s : studies) {
            String link = "/study/" + esc(s.studyUid().value());
            b.append("<tr class=\"study status-").append(s.status().name().toLowerCase()).append(s.stat() ? " stat" : "")
                    .append("\" data-study=\"").append(esc(s.studyUid().value())).append("\">")
                    .append("<td>").append(s.stat() ? "<span class=\"badge stat\">STAT</span>" : "").append("</td>")
                    .append("<td><a class=\"open\" href=\"").append(link).append("\">").append(esc(Html.personName(s.patientName())))
                    .append("</a></td><td>").append(esc(s.patientId())).append("</td><td>").append(esc(s.accessionNumber()))
                    .append("</td><td>").append(esc(s.modalities())).append("</td><td>")
                    .append(esc(s.studyDate().map(Object::toString).orElse(""))).append("</td><td>").append(esc(s.description()))
                    .append("</td><td>").append(esc(s.center())).append("</td><td class=\"count\">")
                    .append(esc(s.completeness())).append(s.complete() ? "" : " <span class=\"badge partial\">arriving</span>")
                    .append("</td><td><span class=\"badge ").append(s.status().name().toLowerCase()).append("\">")
                    .append(s.status().name().toLowerCase()).append("</span></td><td>").append(esc(ARRIVED.format(s.arrivedAt())))
                    .append("</td></tr>");
        }
        return b.toString();
    }
}
