package org.radpost.viewer.store;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Priority;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;

/**
 * The record of what came from the mailbox: messages by Message-ID and objects by SOP Instance UID,
 * so that fetching the same message or object twice changes nothing. The extractor drains it.
 */
public final class Inbox {
    private static final int MAX_RECORD_ATTEMPTS = 5;

    private final LocalDatabase database;

    public Inbox(LocalDatabase database) {
        this.database = database;
    }

    public boolean hasMessage(String messageId) {
        return database.inTransaction(h -> messageRow(h, messageId).isPresent());
    }

    public boolean hasObject(SopInstanceUid sop) {
        return database.inTransaction(h -> fileRow(h, sop).isPresent());
    }

    /**
     * Records a message and its stored objects in one transaction. Returns false (and records nothing)
     * when the Message-ID is already known; objects already present under their UID are skipped. Two POP3 sessions
     * may commit at once: when the other one's commit lands the same Message-ID or object first, H2 refuses this
     * one on the unique key (or times out waiting for it), and it is run again, now seeing that row.
     */
    public boolean record(ArrivedMessage message, List<StoredObject> objects) {
        for (int attempt = 1; ; attempt++) {
            try {
                return recordOnce(message, objects);
            } catch (JdbiException e) {
                if (attempt >= MAX_RECORD_ATTEMPTS || !lostToAConcurrentCommit(e)) {
                    throw e;
                }
            }
        }
    }

    /** SQLSTATE 23xxx (unique key), HYT00 (lock timeout) or H2's 90131 (concurrent update): another commit won. */
    private static boolean lostToAConcurrentCommit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("23") || sql.getSQLState().equals("HYT00")
                        || sql.getErrorCode() == 90131)) {
                return true;
            }
        }
        return false;
    }

    private boolean recordOnce(ArrivedMessage message, List<StoredObject> objects) {
        return database.inTransaction(h -> {
            if (messageRow(h, message.messageId()).isPresent()) {
                return false;
            }
            long messageFk = h.createUpdate("INSERT INTO arrived_message (message_id, sender, object_type, study_uid,"
                            + " priority, part_number, part_count, total_objects, received_at, prior_for)"
                            + " VALUES (:id, :sender, :type, :study, :priority, :part, :parts, :total, :at, :priorFor)")
                    .bind("id", message.messageId())
                    .bind("sender", message.sender())
                    .bind("type", message.objectType())
                    .bind("study", message.studyUid().map(StudyUid::value).orElse(null))
                    .bind("priority", message.priority())
                    .bind("part", message.partNumber())
                    .bind("parts", message.partCount())
                    .bind("total", message.totalObjects())
                    .bind("at", message.receivedAt())
                    .bind("priorFor", message.priorFor().map(StudyUid::value).orElse(null))
                    .executeAndReturnGeneratedKeys().mapTo(Long.class).one();
            for (StoredObject o : objects) {
                if (fileRow(h, o.sopInstanceUid()).isEmpty()) {
                    h.createUpdate("INSERT INTO stored_file (sop_instance_uid, object_type, path, sha256, size_bytes,"
                                    + " message_fk, received_at) VALUES (:sop, :type, :path, :sha, :size, :message, :at)")
                            .bind("sop", o.sopInstanceUid().value())
                            .bind("type", o.type())
                            .bind("path", o.file().toString())
                            .bind("sha", o.sha256().hex())
                            .bind("size", o.size())
                            .bind("message", messageFk)
                            .bind("at", message.receivedAt())
                            .execute();
                }
            }
            return true;
        });
    }

    /** The Message-ID of the first message that brought the study (what a receipt answers). */
    public Optional<String> firstMessageId(StudyUid study) {
        return database.inTransaction(h -> h.createQuery("SELECT message_id FROM arrived_message WHERE study_uid = :study"
                        + " ORDER BY id LIMIT 1")
                .bind("study", study.value()).mapTo(String.class).findOne());
    }

    /** The Message-IDs of every message that brought the study, in the order they arrived (what a receipt answers). */
    public List<String> messageIds(StudyUid study) {
        return database.inTransaction(h -> h.createQuery("SELECT message_id FROM arrived_message WHERE study_uid = :study"
                        + " ORDER BY id")
                .bind("study", study.value()).mapTo(String.class).list());
    }

        /** Objects waiting for the extractor, oldest first. */
    public List<PendingFile> pending(int limit) {
        return database.inTransaction(h -> h.createQuery("SELECT f.id, f.sop_instance_uid, f.object_type, f.path,"
                        + " m.message_id, m.sender, m.object_type AS message_type, m.prior_for, m.study_uid, m.priority,"
                        + " m.part_number, m.part_count, m.total_objects, m.received_at FROM stored_file f"
                        + " JOIN arrived_message m ON m.id = f.message_fk WHERE f.extracted_at IS NULL ORDER BY f.id LIMIT :limit")
                .bind("limit", limit)
                .map((r, ctx) -> new PendingFile(r.getLong("id"), SopInstanceUid.of(r.getString("sop_instance_uid")),
                        ObjectType.valueOf(r.getString("object_type")), Path.of(r.getString("path")), message(r)))
                .list());
    }

    /** Marks a file indexed, or indexed with an error the page can show (it is not retried). */
    static void markExtracted(Handle h, long fileId, Optional<String> error) {
        h.createUpdate("UPDATE stored_file SET extracted_at = :at, extract_error = :error WHERE id = :id")
                .bind("at", Instant.now())
                .bind("error", error.map(e -> e.length() > 1000 ? e.substring(0, 1000) : e).orElse(null))
                .bind("id", fileId)
                .execute();
    }

    public void markFailed(long fileId, String error) {
        database.useTransaction(h -> markExtracted(h, fileId, Optional.of(error)));
    }

    private static Optional<Long> messageRow(Handle h, String messageId) {
        return h.createQuery("SELECT id FROM arrived_message WHERE message_id = :id").bind("id", messageId)
                .mapTo(Long.class).findOne();
    }

    static Optional<Long> fileRow(Handle h, SopInstanceUid sop) {
        return h.createQuery("SELECT id FROM stored_file WHERE sop_instance_uid = :sop").bind("sop", sop.value())
                .mapTo(Long.class).findOne();
    }

    private static ArrivedMessage message(ResultSet r) throws SQLException {
        String study = r.getString("study_uid");
        return new ArrivedMessage(r.getString("message_id"), r.getString("sender"),
                ObjectType.valueOf(r.getString("message_type")),
                Optional.ofNullable(study).map(StudyUid::of), Priority.valueOf(r.getString("priority")),
                r.getInt("part_number"), r.getInt("part_count"), r.getInt("total_objects"),
                Columns.instant(r, "received_at"), Optional.ofNullable(r.getString("prior_for")).map(StudyUid::of));
    }
}
