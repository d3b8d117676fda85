package org.radpost.viewer.store;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.radpost.wire.StudyUid;

/**
 * The rows of the outgoing folder: one per .eml waiting for (or done with) the SMTP submitter, and the once-only
 * marker of each study's viewed receipt.
 */
public final class OutgoingQueue {
    private final LocalDatabase database;

    public OutgoingQueue(LocalDatabase database) {
        this.database = database;
    }

    /** Queues the messages written for one object, all in one transaction; returns their row ids. */
    public List<Long> queue(OutgoingKind kind, StudyUid study, List<Path> emls) {
        return database.inTransaction(h -> {
            List<Long> ids = new ArrayList<>();
            for (Path eml : emls) {
                ids.add(insert(h, kind, study, eml));
            }
            return ids;
        });
    }

    /**
     * Queues the reader's viewed receipt for the study together with its once-only marker; false (and nothing
     * queued) when that reader's receipt for the study was queued before.
     */
    public boolean queueViewedReceiptOnce(StudyUid study, String reader, Path eml) {
        try {
            return database.inTransaction(h -> {
                if (viewedReceiptQueued(h, study, reader)) {
                    return false;
                }
                h.createUpdate("INSERT INTO viewed_receipt (study_uid, reader, queued_at) VALUES (:study, :reader, :at)")
                        .bind("study", study.value()).bind("reader", reader).bind("at", Instant.now()).execute();
                insert(h, OutgoingKind.VIEWED_RECEIPT, study, eml);
                return true;
            });
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLIntegrityConstraintViolationException) {
                return false; // the unique key says another thread queued it first
            }
            throw e;
        }
    }

    /** True when the reader's viewed receipt for the study was queued already. */
    public boolean viewedReceiptQueued(StudyUid study, String reader) {
        return database.inTransaction(h -> viewedReceiptQueued(h, study, reader));
    }

    /** Studies opened or reported here whose viewed receipt from this reader was never queued. */
    public List<StudyUid> openedWithoutViewedReceipt(String reader) {
        return database.inTransaction(h -> h.createQuery("SELECT s.study_uid FROM study s WHERE s.status IN (:opened, :reported)"
                        + " AND NOT EXISTS (SELECT 1 FROM viewed_receipt v WHERE v.study_uid = s.study_uid AND v.reader = :reader)"
                        + " ORDER BY s.id")
                .bind("opened", StudyStatus.OPENED).bind("reported", StudyStatus.REPORTED).bind("reader", reader)
                .map((r, ctx) -> StudyUid.of(r.getString(1))).list());
    }

    /** Messages not yet sent (oldest first). */
    public List<OutgoingMessage> queued() {
        return database.inTransaction(h -> h.createQuery("SELECT * FROM outbox WHERE state = :state ORDER BY id")
                .bind("state", OutgoingState.QUEUED).map((r, ctx) -> message(r)).list());
    }

    /** Everything queued for a study, oldest first. */
    public List<OutgoingMessage> forStudy(StudyUid study) {
        return database.inTransaction(h -> h.createQuery("SELECT * FROM outbox WHERE study_uid = :study ORDER BY id")
                .bind("study", study.value()).map((r, ctx) -> message(r)).list());
    }

    public void markSent(long id) {
        database.useTransaction(h -> h.createUpdate("UPDATE outbox SET state = :state, sent_at = :at,"
                        + " attempts = attempts + 1, last_error = NULL WHERE id = :id")
                .bind("state", OutgoingState.SENT).bind("at", Instant.now()).bind("id", id).execute());
    }

    public void markAttemptFailed(long id, String error, boolean permanent) {
        database.useTransaction(h -> h.createUpdate("UPDATE outbox SET state = :state, attempts = attempts + 1,"
                        + " last_error = :error WHERE id = :id")
                .bind("state", permanent ? OutgoingState.FAILED : OutgoingState.QUEUED)
                .bind("error", error.length() > 1000 ? error.substring(0, 1000) : error)
                .bind("id", id)
                .execute());
    }

    /** Sent messages whose .eml is still on disk and that were sent before the given instant, oldest first. */
    public List<OutgoingMessage> sentBefore(Instant cutoff) {
        return database.inTransaction(h -> h.createQuery("SELECT * FROM outbox WHERE state = :state AND sent_at < :cutoff"
                        + " AND eml_removed_at IS NULL ORDER BY id")
                .bind("state", OutgoingState.SENT).bind("cutoff", cutoff).map((r, ctx) -> message(r)).list());
    }

    /** Records that the message's .eml was removed from the outgoing folder. */
    public void markEmlRemoved(long id) {
        database.useTransaction(h -> h.createUpdate("UPDATE outbox SET eml_removed_at = :at WHERE id = :id")
                .bind("at", Instant.now()).bind("id", id).execute());
    }

    private static boolean viewedReceiptQueued(Handle h, StudyUid study, String reader) {
        return h.createQuery("SELECT id FROM viewed_receipt WHERE study_uid = :study AND reader = :reader")
                .bind("study", study.value()).bind("reader", reader).mapTo(Long.class).findOne().isPresent();
    }

    private static long insert(Handle h, OutgoingKind kind, StudyUid study, Path eml) {
        return h.createUpdate("INSERT INTO outbox (kind, study_uid, eml_path, state, attempts, created_at)"
                        + " VALUES (:kind, :study, :eml, :state, 0, :at)")
                .bind("kind", kind).bind("study", study.value()).bind("eml", eml.toString())
                .bind("state", OutgoingState.QUEUED).bind("at", Instant.now())
                .executeAndReturnGeneratedKeys().mapTo(Long.class).one();
    }

    private static OutgoingMessage message(ResultSet r) throws SQLException {
        return new OutgoingMessage(r.getLong("id"), OutgoingKind.valueOf(r.getString("kind")),
                StudyUid.of(r.getString("study_uid")), Path.of(r.getString("eml_path")),
                OutgoingState.valueOf(r.getString("state")), r.getInt("attempts"),
                Optional.ofNullable(r.getString("last_error")), Columns.instant(r, "created_at"),
                Optional.ofNullable(Columns.instant(r, "sent_at")));
    }
}
