package org.radpost.datacenter.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import org.radpost.datacenter.tracking.StudySearch;

/** Operations: how deep each queue is and since when, mailbox backlogs, messages that keep failing, daily volume. */
public final class OperationsRoutes {
    private final ConsoleContext context;

    OperationsRoutes(ConsoleContext context) {
        this.context = context;
    }

    /** One line of a count table: what, how many, the oldest one's time. */
    public record Line(String name, long count, Instant oldest) {}

    /** A message whose stage failed at least once, with the last reason. */
    public record Failing(long id, String studyUid, String state, int attempts, String lastError, Instant updatedAt) {}

    /** Studies first received on one day, per center and modality. */
    public record Volume(String day, String center, String modality, long studies, long objects) {}

    void register(Javalin app) {
        app.get("/operations", this::page);
    }

    private void page(Context ctx) {
        List<Line> queues = lines("SELECT state, COUNT(*), MIN(updated_at) FROM message GROUP BY state ORDER BY state");
        List<Line> mailboxes = lines("SELECT mailbox, COUNT(*), MIN(created_at) FROM delivery WHERE state = 'QUEUED'"
                + " GROUP BY mailbox ORDER BY COUNT(*) DESC");
        List<Failing> failing = context.sessions().fromSession(s -> s.createNativeQuery("SELECT id, study_uid, state, attempts,"
                        + " last_error, updated_at FROM message WHERE attempts > 0 AND state <> 'done' ORDER BY updated_at DESC", Object[].class)
                .setMaxResults(50).getResultList().stream()
                .map(r -> new Failing(((Number) r[0]).longValue(), (String) r[1], (String) r[2], ((Number) r[3]).intValue(),
                        (String) r[4], StudySearch.instant(r[5]))).toList());
        List<Volume> volume = context.sessions().fromSession(s -> s.createNativeQuery("SELECT CAST(st.first_received_at AS DATE) AS arrival_day,"
                        + " c.code, st.modality, COUNT(*), SUM(st.received_objects) FROM study st JOIN center c ON c.id = st.center_id"
                        + " GROUP BY CAST(st.first_received_at AS DATE), c.code, st.modality ORDER BY arrival_day DESC, c.code, st.modality", Object[].class)
                .setMaxResults(100).getResultList().stream()
                .map(r -> new Volume(String.valueOf(r[0]), (String) r[1], (String) r[2], ((Number) r[3]).longValue(),
                        r[4] == null ? 0 : ((Number) r[4]).longValue())).toList());
        ctx.render("operations.jte", ConsoleServer.model(ctx, "Operations", Area.OPERATIONS, "queues", queues, "mailboxes", mailboxes,
                "failing", failing, "volume", volume));
    }

    private List<Line> lines(String sql) {
        return context.sessions().fromSession(s -> s.createNativeQuery(sql, Object[].class).getResultList().stream()
                .map(r -> new Line((String) r[0], ((Number) r[1]).longValue(), StudySearch.instant(r[2]))).toList());
    }
}
