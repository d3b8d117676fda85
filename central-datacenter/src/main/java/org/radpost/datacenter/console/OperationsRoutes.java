package org.radpost.datacenter.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.radpost.datacenter.deliver.MailboxPolls;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.tracking.StudySearch;

/**
 * Operations: how deep each queue is and since when, mailbox backlogs, when each viewer and center last polled,
 * messages still being retried, the archive's volumes and active holds, and FAILED messages with their reason and a Retry button (the same
 * {@link org.radpost.datacenter.FailedMessages} as {@code datacenter retry}).
 */
public final class OperationsRoutes {
    private final ConsoleContext context;

    OperationsRoutes(ConsoleContext context) {
        this.context = context;
    }

    /** One line of a count table: what, how many, the oldest one's time. */
    public record Line(String name, long count, Instant oldest) {}

    /** A message whose stage failed at least once and is still being retried, with the last reason. */
    public record Failing(long id, String studyUid, String state, int attempts, String lastError, Instant updatedAt) {}

    /** Studies first received on one day, per center and modality. */
    public record Volume(String day, String center, String modality, long studies, long objects) {}

    /** A mailbox owner and its last poll; {@code poll} is null when it never polled. */
    public record Polling(String kind, String code, String name, String mailbox, MailboxPolls.Poll poll) {}

    void register(Javalin app) {
        app.get("/operations", this::page);
        app.post("/operations/failed/{id}/retry", this::retry);
        app.post("/operations/failed/retry-all", this::retryAll);
    }

    private void page(Context ctx) {
        List<Line> queues = lines("SELECT state, COUNT(*), MIN(updated_at) FROM message GROUP BY state ORDER BY state");
        List<Line> mailboxes = lines("SELECT mailbox, COUNT(*), MIN(created_at) FROM delivery WHERE state = 'QUEUED'"
                + " GROUP BY mailbox ORDER BY COUNT(*) DESC");
        List<Failing> retrying = context.sessions().fromSession(s -> s.createNativeQuery("SELECT id, study_uid, state, attempts,"
                        + " last_error, updated_at FROM message WHERE attempts > 0 AND state NOT IN ('done', 'failed')"
                        + " ORDER BY updated_at DESC", Object[].class)
                .setMaxResults(50).getResultList().stream()
                .map(r -> new Failing(((Number) r[0]).longValue(), (String) r[1], (String) r[2], ((Number) r[3]).intValue(),
                        (String) r[4], StudySearch.instant(r[5]))).toList());
        List<ReceivedMessage> failed = context.failed().list();
        List<Volume> volume = context.sessions().fromSession(s -> s.createNativeQuery("SELECT CAST(st.first_received_at AS DATE) AS arrival_day,"
                        + " c.code, st.modality, COUNT(*), SUM(st.received_objects) FROM study st JOIN center c ON c.id = st.center_id"
                        + " GROUP BY CAST(st.first_received_at AS DATE), c.code, st.modality ORDER BY arrival_day DESC, c.code, st.modality", Object[].class)
                .setMaxResults(100).getResultList().stream()
                .map(r -> new Volume(String.valueOf(r[0]), (String) r[1], (String) r[2], ((Number) r[3]).longValue(),
                        r[4] == null ? 0 : ((Number) r[4]).longValue())).toList());
        ctx.render("operations.jte", ConsoleServer.model(ctx, "Operations", Area.OPERATIONS, "queues", queues, "mailboxes", mailboxes,
                "failing", retrying, "failed", failed, "polling", polling(), "volume", volume, "now", context.clock().instant(),
                "archiveVolumes", context.archiver().volumes(), "holds", context.archiver().retention().holds(true)));
    }

    /** Viewers first (their polling is what delivers studies), then centers (who poll for receipts). */
    private List<Polling> polling() {
        Map<String, MailboxPolls.Poll> polls = context.polls().all();
        java.util.ArrayList<Polling> rows = new java.util.ArrayList<>();
        context.directory().viewers().forEach(v -> rows.add(new Polling("viewer", v.code(), v.name(), v.address(),
                polls.get(v.address().toLowerCase()))));
        context.directory().centers().forEach(c -> rows.add(new Polling("center", c.code(), c.name(), c.address(),
                polls.get(c.address().toLowerCase()))));
        return rows;
    }

    private void retry(Context ctx) {
        ConsoleSessions.Session session = ConsoleServer.session(ctx);
        long id = id(ctx);
        ReceivedMessage before = context.failed().find(id).orElseThrow(() -> new IllegalArgumentException("message #" + id + " is not failed (any more); the list below is current"));
        ReceivedMessage message = context.failed().retry(id, "console:" + session.username());
        context.nudge().run();
        context.audit().record(session.username(), "retry", "message #" + id + " " + message.messageId() + " (study "
                + message.studyUid() + ")", org.radpost.datacenter.FailedMessages.failure(before), "sent back to " + message.state().token(), ctx.ip());
        ConsoleServer.back(ctx, "Message #" + id + " sent back to " + message.state().token()
                + " with fresh attempts; the pipeline runs it now.", null);
    }

    private void retryAll(Context ctx) {
        ConsoleSessions.Session session = ConsoleServer.session(ctx);
        int count = context.failed().retryAll("console:" + session.username());
        context.nudge().run();
        context.audit().record(session.username(), "retry-all", "failed messages", count + " failed", "sent back", ctx.ip());
        ConsoleServer.back(ctx, count + " failed message(s) sent back with fresh attempts.", null);
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + ctx.pathParam("id") + "' is not a message number");
        }
    }

    private List<Line> lines(String sql) {
        return context.sessions().fromSession(s -> s.createNativeQuery(sql, Object[].class).getResultList().stream()
                .map(r -> new Line((String) r[0], ((Number) r[1]).longValue(), StudySearch.instant(r[2]))).toList());
    }
}
