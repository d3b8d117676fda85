package org.radpost.datacenter.route;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.radpost.datacenter.directory.Center;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.directory.Viewer;
import org.radpost.datacenter.index.Indexer;
import org.radpost.datacenter.index.Patient;
import org.radpost.datacenter.index.Study;
import org.radpost.datacenter.receipt.ReceiptMailer;
import org.radpost.datacenter.spool.MessageState;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.tracking.Tracker;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.wire.receipt.ReceiptStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin's side of unroutable studies: one {@link QuarantinedStudy} per study, cause and destination, released to a known,
 * authorized viewer (checked here, before anything moves) or rejected with a reason the center receives.
 */
public final class Quarantine {
    private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);

    private final SessionFactory sessions;
    private final Directory directory;
    private final ReceiptMailer receipts;
    private final Tracker tracker;
    private final Clock clock;

    public Quarantine(SessionFactory sessions, Directory directory, ReceiptMailer receipts, Tracker tracker, Clock clock) {
        this.sessions = sessions;
        this.directory = directory;
        this.receipts = receipts;
        this.tracker = tracker;
        this.clock = clock;
    }

    /** Entries (message parts) not yet released, oldest first. */
    public List<QuarantineEntry> waiting() {
        return sessions.fromSession(s -> s.createSelectionQuery(
                "from QuarantineEntry where releasedAt is null order by id", QuarantineEntry.class).getResultList());
    }

    /** The waiting studies, one per study and cause, oldest first; {@code reasonCode} null for every cause. */
    public List<QuarantinedStudy> studies(String reasonCode) {
        return sessions.fromSession(s -> {
            Map<String, List<QuarantineEntry>> groups = new LinkedHashMap<>();
            for (QuarantineEntry e : s.createSelectionQuery("from QuarantineEntry where releasedAt is null order by id",
                    QuarantineEntry.class).getResultList()) {
                if (reasonCode == null || reasonCode.equals(e.reasonCode())) {
                    groups.computeIfAbsent(e.studyUid().value() + "\n" + e.reasonCode() + "\n" + e.destination(),
                            k -> new ArrayList<>()).add(e);
                }
            }
            return groups.values().stream().map(entries -> describe(s, entries)).toList();
        });
    }

    /** The waiting study-and-cause that the entry number belongs to. */
    public QuarantinedStudy study(long number) {
        return studies(null).stream().filter(q -> q.entryIds().contains(number)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("nothing waits in quarantine as number " + number
                        + "; 'datacenter quarantine list' shows what does"));
    }

    /** The viewers this study may be released to: active, and authorized for its center and modality. */
    public List<Viewer> destinationsFor(QuarantinedStudy study) {
        if (!study.fromCenter()) {
            return List.of();
        }
        return directory.viewersFor(directory.requireCenter(study.centerCode()), study.modality());
    }

    /**
     * Releases every part of the study-and-cause that {@code number} names to {@code destination} (a viewer's address
     * or code), after checking the viewer is known, active and authorized; the center is told.
     */
    public QuarantinedStudy release(long number, String destination, String actor) {
        QuarantinedStudy study = study(number);
        Optional<Viewer> viewer = study.fromCenter() ? Optional.of(checkedDestination(study, destination)) : Optional.empty();
        String to = viewer.map(Viewer::address).orElse(null);
        sessions.inTransaction(session -> {
            Instant now = clock.instant();
            ReceivedMessage first = null;
            for (long id : study.entryIds()) {
                QuarantineEntry entry = session.find(QuarantineEntry.class, id);
                ReceivedMessage message = session.find(ReceivedMessage.class, entry.messageRef());
                entry.release(to == null ? entry.destination() : to, actor, now);
                resolve(session, id, "RELEASED", null);
                if (to != null) {
                    message.replaceRecipient(entry.destination(), to);
                }
                // Routing runs again for the whole message; destinations it served before are not served twice.
                message.moveTo(MessageState.ROUTE, now);
                first = first == null ? message : first;
            }
            if (to != null) {
                Indexer.studyByUid(session, study.studyUid()).ifPresent(st -> st.destination(to));
            }
            tracker.study(session, study.studyUid(), TrackingState.FIXED, actor, "released from quarantine [" + study.reasonCode()
                    + "] to " + (viewer.map(v -> "viewer " + v.code() + " <" + v.address() + ">").orElse("its study's center"))
                    + " (" + study.parts() + " message parts)");
            if (study.fromCenter()) {
                receipts.send(session, ReceiptStatus.ACCEPTED, study.centerAddress(), study.studyUid(), first.messageId(), "released",
                        "The study " + study.studyUid() + " was released from quarantine by " + actor + " and is routed to viewer "
                                + viewer.get().code() + " <" + to + ">; nothing needs to be resent.", List.of());
            }
        });
        LOG.info("quarantine: study {} [{}] released to {} by {} ({} parts)", study.studyUid(), study.reasonCode(),
                to == null ? "its center" : to, actor, study.parts());
        return study;
    }

    /** Rejects every part of the study-and-cause that {@code number} names; the center receives the reason. */
    public QuarantinedStudy reject(long number, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("say why the study is rejected: the center reads the reason");
        }
        QuarantinedStudy study = study(number);
        sessions.inTransaction(session -> {
            Instant now = clock.instant();
            ReceivedMessage first = null;
            for (long id : study.entryIds()) {
                QuarantineEntry entry = session.find(QuarantineEntry.class, id);
                ReceivedMessage message = session.find(ReceivedMessage.class, entry.messageRef());
                entry.release(null, actor, now);
                resolve(session, id, "REJECTED", reason);
                if (message.state() == MessageState.QUARANTINED) {
                    // Its journey ends; the quarantine row's resolution says it was rejected, and why.
                    message.moveTo(MessageState.DONE, now);
                }
                first = first == null ? message : first;
            }
            tracker.study(session, study.studyUid(), TrackingState.REJECTED, actor, "rejected in quarantine [" + study.reasonCode()
                    + "]: " + reason);
            receipts.send(session, ReceiptStatus.REJECTED, first.account(), study.studyUid(), first.messageId(), "rejected-by-admin",
                    "The study " + study.studyUid() + " was not routed: " + study.reason() + ". An administrator (" + actor
                            + ") rejected it: " + reason, List.of());
        });
        LOG.info("quarantine: study {} [{}] rejected by {}: {}", study.studyUid(), study.reasonCode(), actor, reason);
        return study;
    }

    private Viewer checkedDestination(QuarantinedStudy study, String destination) {
        if (destination == null || destination.isBlank()) {
            throw new IllegalArgumentException("name the viewer to release study " + study.studyUid() + " to");
        }
        Viewer viewer = directory.viewerByAddress(destination).or(() -> directory.viewerByCode(destination.trim()))
                .orElseThrow(() -> new IllegalArgumentException("no viewer has the address or code '" + destination
                        + "'; 'datacenter viewers' lists them"));
        if (!viewer.active()) {
            throw new IllegalArgumentException("viewer " + viewer.code() + " <" + viewer.address() + "> is disabled; enable it or choose another");
        }
        Center center = directory.requireCenter(study.centerCode());
        if (!directory.isAuthorized(center, viewer, study.modality())) {
            throw new IllegalArgumentException("center " + center.code() + " is not authorized to send "
                    + (study.modality().isEmpty() ? "studies" : study.modality() + " studies") + " to viewer " + viewer.code()
                    + "; grant it first ('datacenter authorize --center " + center.code() + " --viewer " + viewer.code()
                    + "' or the console's Directory page), then release");
        }
        return viewer;
    }

    private static void resolve(Session session, long entryId, String resolution, String reason) {
        session.createNativeMutationQuery("UPDATE quarantine SET resolution = :r, reject_reason = :why WHERE id = :id")
                .setParameter("r", resolution).setParameter("why", reason).setParameter("id", entryId).executeUpdate();
    }

    private QuarantinedStudy describe(Session session, List<QuarantineEntry> entries) {
        QuarantineEntry first = entries.get(0);
        Optional<Study> study = Indexer.studyByUid(session, first.studyUid().value());
        Patient patient = study.map(st -> session.find(Patient.class, st.patientRef())).orElse(null);
        Center center = study.map(st -> session.find(Center.class, st.centerId())).orElse(null);
        return new QuarantinedStudy(first.studyUid().value(), first.reasonCode(), first.reason(), first.destination(),
                patient == null ? "" : patient.patientName(), patient == null ? "" : patient.patientId(),
                study.map(Study::accessionNumber).orElse(""), center == null ? null : center.code(),
                center == null ? null : center.address(), study.map(Study::modality).orElse(""),
                first.createdAt(), entries.stream().map(QuarantineEntry::id).toList());
    }
}
