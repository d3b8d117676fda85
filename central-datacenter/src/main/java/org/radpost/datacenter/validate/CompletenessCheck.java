package org.radpost.datacenter.validate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.radpost.datacenter.directory.Center;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.index.Study;
import org.radpost.datacenter.receipt.ReceiptMailer;
import org.radpost.datacenter.tracking.Tracker;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.wire.receipt.ReceiptStatus;

/**
 * Quality control after acceptance: a study whose parts stop arriving before it is complete gets, once the
 * quiet timeout has passed, one resend request to its center naming what is missing. A study that completes
 * (or is resent) later is marked complete as usual.
 */
public final class CompletenessCheck {
    private final SessionFactory sessions;
    private final Directory directory;
    private final ReceiptMailer receipts;
    private final Tracker tracker;
    private final Clock clock;
    private final Duration quietTimeout;

    public CompletenessCheck(SessionFactory sessions, Directory directory, ReceiptMailer receipts, Tracker tracker,
                             Clock clock, Duration quietTimeout) {
        this.sessions = sessions;
        this.directory = directory;
        this.receipts = receipts;
        this.tracker = tracker;
        this.clock = clock;
        this.quietTimeout = quietTimeout;
    }

    /**
     * The objects of the study the data center holds from its center, of every type: images, reports and dose SRs,
     * key objects, presentation states, RT objects, waveforms, documents. The count the packager announced
     * ({@code expectedObjects}) covers them all; what viewers sent back about the study is not the center's.
     */
    private static long heldFromCenter(Session session, Study study, Center center) {
        Long held = session.createNativeQuery("select count(*) from instance i join message m on m.message_id = i.message_id"
                        + " where i.study_id = :study and lower(m.sender) = lower(:center)", Long.class)
                .setParameter("study", study.id()).setParameter("center", center.address()).getSingleResult();
        return held.longValue();
    }

    /** Marks complete studies and requests resends for stalled ones; returns how many requests were sent. */
    public int run() {
        Instant now = clock.instant();
        return sessions.fromTransaction(session -> {
            List<Study> receiving = session.createSelectionQuery("from Study where state = 'RECEIVING'", Study.class).getResultList();
            int requested = 0;
            for (Study study : receiving) {
                Center center = directory.center(study.centerId()).orElse(null);
                long held = center == null ? study.receivedObjects() : heldFromCenter(session, study, center);
                if (held >= study.expectedObjects()) {
                    study.state("COMPLETE");
                    continue;
                }
                if (study.resendRequestedAt() != null || study.lastReceivedAt().plus(quietTimeout).isAfter(now)) {
                    continue;
                }
                if (center == null) {
                    continue;
                }
                String reason = "only " + held + " of " + study.expectedObjects()
                        + " objects arrived, and nothing more came for " + quietTimeout.toMinutes() + " minutes";
                receipts.send(session, ReceiptStatus.RESEND_REQUESTED, center.address(), study.studyUid(), "", "incomplete-study",
                        "Please send study " + study.studyUid() + " again: " + reason
                                + ". Objects already received are kept; a resend replaces them cleanly.", List.of());
                study.resendRequested(now);
                tracker.study(session, study.studyUid(), TrackingState.RESEND_REQUESTED, "datacenter:qc", reason);
                requested++;
            }
            return requested;
        });
    }
}
