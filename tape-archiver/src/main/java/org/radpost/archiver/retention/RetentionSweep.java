package org.radpost.archiver.retention;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.SessionFactory;
import org.radpost.archiver.index.ArchiveIndex;
import org.radpost.archiver.index.ArchivedObjectRow;
import org.radpost.archiver.index.AuditAction;
import org.radpost.archiver.index.AuditEntry;
import org.radpost.archiver.index.AuditLog;
import org.radpost.archiver.volume.CompactionResult;
import org.radpost.archiver.volume.Compactor;
import org.radpost.archiver.volume.VolumeState;
import org.radpost.archiver.volume.Volumes;
import org.radpost.wire.StudyUid;

/**
 * Expires what is due: each study past its expiry date, unless held or (notify-then-confirm) unconfirmed, is
 * removed from the index; open volumes holding expired entries are sealed, then sealed volumes with dead entries
 * are compacted. Each study is its own transaction, so a crash mid-sweep leaves each study whole.
 */
public final class RetentionSweep {
    private enum Outcome { EXPIRED, HELD, AWAITING }

    private final SessionFactory sessions;
    private final Clock clock;
    private final AuditLog audit;
    private final Volumes volumes;
    private final Compactor compactor;

    public RetentionSweep(SessionFactory sessions, Clock clock, AuditLog audit, Volumes volumes, Compactor compactor) {
        this.sessions = sessions;
        this.clock = clock;
        this.audit = audit;
        this.volumes = volumes;
        this.compactor = compactor;
    }

    public SweepReport run(String actor) {
        LocalDate today = LocalDate.now(clock);
        List<StudyExpiry> due = sessions.fromTransaction(s -> StudyExpiry.dueBy(s, today, null));
        List<StudyUid> expired = new ArrayList<>();
        List<StudyUid> held = new ArrayList<>();
        List<StudyUid> awaiting = new ArrayList<>();
        for (StudyExpiry study : due) {
            Outcome outcome = expire(study, actor);
            StudyUid uid = StudyUid.of(study.studyUid());
            switch (outcome) {
                case EXPIRED -> expired.add(uid);
                case HELD -> held.add(uid);
                case AWAITING -> awaiting.add(uid);
            }
        }
        sealOpenVolumesWithExpiredEntries(actor);
        List<CompactionResult> compactions = new ArrayList<>();
        for (long volumeId : compactor.candidates()) {
            compactor.compact(volumeId, actor).ifPresent(compactions::add);
        }
        return new SweepReport(expired, held, awaiting, compactions);
    }

    private Outcome expire(StudyExpiry study, String actor) {
        return sessions.fromTransaction(s -> {
            // Checked inside the transaction: a hold placed a moment ago still wins.
            if (Holds.isHeld(s, study.studyUid())) {
                return Outcome.HELD;
            }
            CenterRetention policy = CenterPolicies.of(s, study.centerCode());
            if (policy.policy() == CenterPolicy.NOTIFY_THEN_CONFIRM && !ExpiryNotices.confirmed(s, study)) {
                return Outcome.AWAITING;
            }
            List<ArchivedObjectRow> rows = ArchiveIndex.liveWhere(s, "studyInstanceUid", study.studyUid());
            rows.forEach(r -> r.markDeleted(ArchivedObjectRow.Removal.EXPIRED, clock.instant()));
            // The study's earlier versions expire with it.
            ArchiveIndex.supersededOfStudy(s, study.studyUid()).forEach(r -> r.markDeleted(ArchivedObjectRow.Removal.EXPIRED, clock.instant()));
            audit.record(s, actor, AuditEntry.ofStudy(AuditAction.EXPIRE, study.centerCode(), study.studyUid(),
                    rows.size() + " objects expired on " + study.expiryDate() + " under policy " + policy.policy()));
            return Outcome.EXPIRED;
        });
    }

    private void sealOpenVolumesWithExpiredEntries(String actor) {
        List<Long> open = sessions.fromTransaction(s -> s.createQuery("select distinct v.id from ArchivedObjectRow o,"
                        + " VolumeRow v where o.volumeId = v.id and o.removal = :expired and v.state = :open", Long.class)
                .setParameter("expired", ArchivedObjectRow.Removal.EXPIRED).setParameter("open", VolumeState.OPEN)
                .getResultList());
        open.forEach(id -> volumes.sealOpen(id, actor));
    }

    /** The study's current expiry, for callers that want to show it. */
    public Optional<LocalDate> expiryOf(StudyUid study) {
        return sessions.fromTransaction(s -> StudyExpiry.of(s, study.value()).map(StudyExpiry::expiryDate));
    }
}
