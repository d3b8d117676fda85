package org.radpost.datacenter.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.Session;
import org.radpost.datacenter.spool.Spool;
import org.radpost.wire.DicomSummary;
import org.radpost.wire.read.ReadMessage;
import org.radpost.wire.read.ReceivedObject;

/**
 * Indexes a message's objects: patient, study, series and instance rows, each object's file moved to its
 * permanent place. Idempotent by SOP Instance UID: an object already held with the same SHA-256 changes
 * nothing; a corrected resend (same UID, new bytes) from the owning center gets a new file and checksum; another
 * center reusing the UIDs is refused ({@link Ownership}).
 */
public final class Indexer {
    private final Spool spool;

    public Indexer(Spool spool) {
        this.spool = spool;
    }

    /** What indexing did: how many objects were new, and the study (created when the message opened it). */
    public record Indexed(Study study, int newObjects, int replacedObjects) {}

    /** Indexes objects sent by a center: the study is created on its first message. */
    public Indexed indexFromCenter(Session session, Long centerId, String destination, ReadMessage message, Instant now)
            throws IOException {
        Ownership.check(session, centerId, message);
        DicomSummary first = message.objects().get(0).summary();
        Study study = studyByUid(session, message.studyUid().value()).orElse(null);
        if (study == null) {
            Patient patient = session.createSelectionQuery("from Patient where centerId = :c and patientId = :p", Patient.class)
                    .setParameter("c", centerId).setParameter("p", first.patientId()).uniqueResultOptional()
                    .orElseGet(() -> {
                        Patient p = new Patient(centerId, first.patientId(), first.patientName());
                        session.persist(p);
                        return p;
                    });
            study = new Study(message.studyUid().value(), centerId, patient.id(), first.accessionNumber(),
                    first.studyDate().orElse(null), first.modality(), first.studyDescription(), message.priority(),
                    destination.toLowerCase(), message.part().totalObjects(), now);
            session.persist(study);
        }
        return indexObjects(session, study, message, now);
    }

    /** Indexes overlays and reports a viewer sends back about a study the data center already holds. */
    public Optional<Indexed> indexResult(Session session, ReadMessage message, Instant now) throws IOException {
        Optional<Study> study = studyByUid(session, message.studyUid().value());
        if (study.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(indexObjects(session, study.get(), message, now));
    }

    private Indexed indexObjects(Session session, Study study, ReadMessage message, Instant now) throws IOException {
        int added = 0;
        int replaced = 0;
        for (ReceivedObject object : message.objects()) {
            String uid = object.sopInstanceUid().value();
            session.persist(new MessageObject(message.messageId(), uid, object.type().name()));
            Optional<Instance> existing = session.createSelectionQuery("from Instance where sopInstanceUid = :u", Instance.class)
                    .setParameter("u", uid).uniqueResultOptional();
            if (existing.isPresent() && existing.get().sha256().equals(object.sha256().hex())) {
                Files.deleteIfExists(object.file());
                continue;
            }
            // A replacement gets a file of its own: until this transaction commits, the row still names the old bytes,
            // so a crash in between leaves both intact (the old file is reclaimed by the start-up reconciliation).
            Path kept = spool.keepObject(object.file(), study.studyUid(),
                    existing.isPresent() ? uid + "." + object.sha256().hex().substring(0, 16) : uid);
            if (existing.isPresent()) {
                session.remove(existing.get());
                session.flush();
                replaced++;
            } else {
                added++;
            }
            Series series = seriesFor(session, study, object.summary());
            session.persist(new Instance(uid, series.id(), study.id(), object.type(), object.summary().sopClassUid(),
                    object.referencedSopInstanceUid().map(Object::toString).orElse(null), object.sha256().hex(),
                    object.size(), kept.toString(), message.messageId(), now));
        }
        if (message.type().isDicom() && message.objects().stream().allMatch(o -> o.type() == org.radpost.wire.ObjectType.IMAGE)) {
            study.received(added, message.part().totalObjects(), now);
        }
        return new Indexed(study, added, replaced);
    }

    private static Series seriesFor(Session session, Study study, DicomSummary summary) {
        return session.createSelectionQuery("from Series where seriesUid = :u", Series.class)
                .setParameter("u", summary.seriesInstanceUid().value()).uniqueResultOptional()
                .orElseGet(() -> {
                    Series series = new Series(summary.seriesInstanceUid().value(), study.id(), summary.modality(),
                            summary.seriesNumber(), summary.seriesDescription());
                    session.persist(series);
                    return series;
                });
    }

    public static Optional<Study> studyByUid(Session session, String studyUid) {
        return session.createSelectionQuery("from Study where studyUid = :u", Study.class)
                .setParameter("u", studyUid).uniqueResultOptional();
    }
}
