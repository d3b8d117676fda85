package org.radpost.viewer.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.radpost.wire.DicomSummary;
import org.radpost.wire.Priority;
import org.radpost.wire.Sha256;
import org.radpost.wire.StudyUid;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.PackagedObject;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.dicom.DicomFileException;
import org.radpost.wire.dicom.DicomHeaderReader;
import org.radpost.viewer.store.LocalDatabase;
import org.radpost.viewer.store.Sql;

/**
 * The outgoing folder: overlays and reports packaged with the packager's {@link MessageWriter}, receipts written by
 * the packager's receipt writer, each an .eml file on disk plus a QUEUED row the {@link OutboxSender} works through.
 */
public final class Outbox {
    private final LocalDatabase database;
    private final Path folder;
    private final MessageWriter writer = new MessageWriter();
    private final DicomHeaderReader headers = new DicomHeaderReader();

    public Outbox(LocalDatabase database, Path folder) throws IOException {
        this.database = database;
        this.folder = Files.createDirectories(folder);
    }

    public Path folder() {
        return folder;
    }

    /** Packages one DICOM object (an overlay or a report) and queues its message(s). */
    public List<Long> queueObject(OutgoingKind kind, Path dicomFile, Addressing addressing) throws IOException {
        DicomSummary summary;
        try {
            summary = headers.read(dicomFile);
        } catch (DicomFileException e) {
            throw new IOException("cannot package " + dicomFile + ": " + e.getMessage(), e);
        }
        PackagedObject object = new PackagedObject(dicomFile, summary, Sha256.of(dicomFile), Files.size(dicomFile));
        List<Path> emls = writer.write(addressing, new StudyBatch(summary.studyInstanceUid(), List.of(object)), folder);
        return database.inTransaction(c -> {
            List<Long> ids = new ArrayList<>();
            for (Path eml : emls) {
                ids.add(insert(c, kind, summary.studyInstanceUid(), eml));
            }
            return ids;
        });
    }

    /** Queues an .eml already written into {@link #folder()} inside the caller's transaction. */
    public static long insert(Connection c, OutgoingKind kind, StudyUid study, Path eml) throws SQLException {
        return Sql.insert(c, "INSERT INTO outbox (kind, study_uid, eml_path, state, attempts, created_at) VALUES (?,?,?,?,?,?)",
                kind, study.value(), eml.toString(), "QUEUED", 0, Instant.now());
    }

    /** Messages not yet sent (oldest first). */
    public List<OutgoingMessage> queued() {
        return list("state = 'QUEUED' ORDER BY id");
    }

    /** Everything queued for a study, oldest first. */
    public List<OutgoingMessage> forStudy(StudyUid study) {
        return list("study_uid = ? ORDER BY id", study.value());
    }

    void markSent(long id) {
        database.inTransaction(c -> Sql.update(c, "UPDATE outbox SET state = 'SENT', sent_at = ?, attempts = attempts + 1,"
                + " last_error = NULL WHERE id = ?", Instant.now(), id));
    }

    void markAttemptFailed(long id, String error, boolean permanent) {
        database.inTransaction(c -> Sql.update(c, "UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ?"
                + " WHERE id = ?", permanent ? "FAILED" : "QUEUED", error.length() > 1000 ? error.substring(0, 1000) : error, id));
    }

    private List<OutgoingMessage> list(String where, Object... params) {
        return database.inTransaction(c -> {
            List<OutgoingMessage> result = new ArrayList<>();
            try (PreparedStatement s = Sql.prepare(c, "SELECT * FROM outbox WHERE " + where, params);
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(new OutgoingMessage(r.getLong("id"), OutgoingKind.valueOf(r.getString("kind")),
                            StudyUid.of(r.getString("study_uid")), Path.of(r.getString("eml_path")), r.getString("state"),
                            r.getInt("attempts"), Optional.ofNullable(r.getString("last_error")),
                            Sql.instant(r, "created_at"), Optional.ofNullable(Sql.instant(r, "sent_at"))));
                }
            }
            return result;
        });
    }

    /** The addressing of what the viewer sends back: from the reader's mailbox, routine priority. */
    public static Addressing addressing(String from, String to) {
        return new Addressing(from, to, Priority.ROUTINE);
    }
}
