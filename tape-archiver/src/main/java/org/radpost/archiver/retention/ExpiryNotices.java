package org.radpost.archiver.retention;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.radpost.archiver.index.AuditAction;
import org.radpost.archiver.index.AuditEntry;
import org.radpost.archiver.index.AuditLog;
import org.radpost.wire.StudyUid;

/**
 * Notices for notify-then-confirm centers. The data center mails each due notice, then calls
 * {@link #markNotified}; a notice stays due until then (at-least-once). The center's answer is {@link #confirm}.
 */
public final class ExpiryNotices {
    private final SessionFactory sessions;
    private final Clock clock;
    private final AuditLog audit;

    public ExpiryNotices(SessionFactory sessions, Clock clock, AuditLog audit) {
        this.sessions = sessions;
        this.clock = clock;
        this.audit = audit;
    }

    /** Studies of notify-then-confirm centers inside their notice window, not held, not yet notified. */
    public List<ExpiryNotice> due() {
        LocalDate today = LocalDate.now(clock);
        return sessions.fromTransaction(s -> {
            List<ExpiryNotice> due = new ArrayList<>();
            for (CenterRetention center : CenterPolicies.notifying(s)) {
                for (StudyExpiry study : StudyExpiry.dueBy(s, today.plusDays(center.noticeDays()), center.centerCode())) {
                    ExpiryNoticeRow notice = notice(s, study.studyUid());
                    boolean sent = notice != null && (notice.notifiedFor(study.expiryDate())
                            || notice.confirmedFor(study.expiryDate()));
                    if (!sent && !Holds.isHeld(s, study.studyUid())) {
                        due.add(new ExpiryNotice(study.centerCode(), StudyUid.of(study.studyUid()), study.patientId(),
                                study.accessionNumber(), study.expiryDate(), study.objectCount()));
                    }
                }
            }
            return due;
        });
    }

    /** Records that the notice for the study's current expiry date was sent. */
    public void markNotified(StudyUid study, String actor) {
        sessions.inTransaction(s -> {
            StudyExpiry expiry = expiryOf(s, study);
            noticeFor(s, expiry).notified(actor, clock.instant());
            audit.record(s, actor, AuditEntry.ofStudy(AuditAction.NOTIFY, expiry.centerCode(), study.value(),
                    "expiry notice sent for " + expiry.expiryDate() + " (" + expiry.objectCount() + " objects)"));
        });
    }

    /** The center agrees that the study be deleted at its current expiry date. */
    public void confirm(StudyUid study, String actor) {
        sessions.inTransaction(s -> {
            StudyExpiry expiry = expiryOf(s, study);
            noticeFor(s, expiry).confirmed(actor, clock.instant());
            audit.record(s, actor, AuditEntry.ofStudy(AuditAction.CONFIRM, expiry.centerCode(), study.value(),
                    "deletion at expiry " + expiry.expiryDate() + " confirmed"));
        });
    }

    static boolean confirmed(Session s, StudyExpiry study) {
        ExpiryNoticeRow notice = notice(s, study.studyUid());
        return notice != null && notice.confirmedFor(study.expiryDate());
    }

    private static StudyExpiry expiryOf(Session s, StudyUid study) {
        return StudyExpiry.of(s, study.value()).orElseThrow(() -> new IllegalArgumentException("study " + study
                + " has no archived objects with an expiry date; check the UID or the retention rules"));
    }

    private static ExpiryNoticeRow noticeFor(Session s, StudyExpiry study) {
        ExpiryNoticeRow notice = notice(s, study.studyUid());
        if (notice == null) {
            notice = new ExpiryNoticeRow(study.studyUid(), study.centerCode(), study.expiryDate());
            s.persist(notice);
        }
        notice.forExpiry(study.expiryDate());
        return notice;
    }

    private static ExpiryNoticeRow notice(Session s, String studyUid) {
        return s.createQuery("from ExpiryNoticeRow where studyInstanceUid = :study", ExpiryNoticeRow.class)
                .setParameter("study", studyUid).uniqueResult();
    }
}
