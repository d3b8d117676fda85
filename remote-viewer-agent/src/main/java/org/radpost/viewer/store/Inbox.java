package org.radpost.viewer.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Priority;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;

/**
 * The record of what came from the mailbox: messages by Message-ID and objects by SOP Instance UID,
 * so that fetching the same message or object twice changes nothing. The extractor drains it.
 */
public final class Inbox {
    private final LocalDatabase database;

    public Inbox(LocalDatabase database) {
        this.database = database;
    }

    public boolean hasMessage(String messageId) {
        return database.inTransaction(c -> Sql.findId(c, "SELECT id FROM arrived_message WHERE message_id = ?", messageId)
                .isPresent());
    }

    public boolean hasObject(SopInstanceUid sop) {
        return database.inTransaction(c -> Sql.findId(c, "SELECT id FROM stored_file WHERE sop_instance_uid = ?", sop.value())
                .isPresent());
    }

    /**
     * Records a message and its stored objects in one transaction. Returns false (and records nothing)
     * when the Message-ID is already known; objects already present under their UID are skipped.
     */
    public boolean record(ArrivedMessage message, List<StoredObject> objects) {
        return database.inTransaction(c -> {
            if (Sql.findId(c, "SELECT id FROM arrived_message WHERE message_id = ?", message.messageId()).isPresent()) {
                return false;
            }
            long messageFk = Sql.insert(c, "INSERT INTO arrived_message (message_id, sender, object_type, study_uid, priority,"
                            + " part_number, part_count, total_objects, received_at, prior_for) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    message.messageId(), message.sender(), message.objectType(),
                    message.studyUid().map(StudyUid::value).orElse(null), message.priority(),
                    message.partNumber(), message.partCount(), message.totalObjects(), message.receivedAt(),
                    message.priorFor().map(StudyUid::value).orElse(null));
            for (StoredObject o : objects) {
                if (Sql.findId(c, "SELECT id FROM stored_file WHERE sop_instance_uid = ?", o.sopInstanceUid().value()).isEmpty()) {
                    Sql.insert(c, "INSERT INTO stored_file (sop_instance_uid, object_type, path, sha256, size_bytes, message_fk,"
                                    + " received_at) VALUES (?,?,?,?,?,?,?)",
                            o.sopInstanceUid().value(), o.type(), o.file().toString(), o.sha256().hex(), o.size(),
                            messageFk, message.receivedAt());
                }
            }
            return true;
        });
    }

    /** The Message-ID of the first message that brought the study (what a receipt answers). */
    public Optional<String> firstMessageId(StudyUid study) {
        return database.inTransaction(c -> {
            try (PreparedStatement s = Sql.prepare(c, "SELECT message_id FROM arrived_message WHERE study_uid = ? ORDER BY id"
                    + " LIMIT 1", study.value()); ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
            }
        });
    }

    /** Objects waiting for the extractor, oldest first. */
    public List<PendingFile> pending(int limit) {
        return database.inTransaction(c -> {
            List<PendingFile> result = new ArrayList<>();
            try (PreparedStatement s = Sql.prepare(c, "SELECT f.id, f.sop_instance_uid, f.object_type, f.path, m.message_id, m.sender, m.object_type AS message_type, m.prior_for,"
                    + " m.study_uid, m.priority, m.part_number, m.part_count, m.total_objects, m.received_at FROM stored_file f"
                    + " JOIN arrived_message m ON m.id = f.message_fk WHERE f.extracted_at IS NULL ORDER BY f.id LIMIT ?", limit);
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(new PendingFile(r.getLong(1), SopInstanceUid.of(r.getString(2)),
                            ObjectType.valueOf(r.getString(3)), Path.of(r.getString(4)), message(r)));
                }
            }
            return result;
        });
    }

    /** Marks a file indexed, or indexed with an error the page can show (it is not retried). */
    static void markExtracted(Connection c, long fileId, Optional<String> error) throws SQLException {
        Sql.update(c, "UPDATE stored_file SET extracted_at = ?, extract_error = ? WHERE id = ?",
                Instant.now(), error.map(e -> e.length() > 1000 ? e.substring(0, 1000) : e).orElse(null), fileId);
    }

    public void markFailed(long fileId, String error) {
        database.inTransaction(c -> {
            markExtracted(c, fileId, Optional.of(error));
            return null;
        });
    }

    private static ArrivedMessage message(ResultSet r) throws SQLException {
        String study = r.getString("study_uid");
        return new ArrivedMessage(r.getString("message_id"), r.getString("sender"),
                ObjectType.valueOf(r.getString("message_type")),
                Optional.ofNullable(study).map(StudyUid::of), Priority.valueOf(r.getString("priority")),
                r.getInt("part_number"), r.getInt("part_count"), r.getInt("total_objects"),
                Sql.instant(r, "received_at"), Optional.ofNullable(r.getString("prior_for")).map(StudyUid::of));
    }
}
