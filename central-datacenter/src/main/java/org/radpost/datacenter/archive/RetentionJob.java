package org.radpost.datacenter.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.SessionFactory;
import org.radpost.archiver.Archiver;
import org.radpost.archiver.retention.ExpiryNotice;
import org.radpost.archiver.retention.SweepReport;
import org.radpost.datacenter.directory.Center;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.receipt.ReceiptMailer;
import org.radpost.datacenter.tracking.Tracker;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.wire.receipt.ReceiptStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily retention run: mails each due expiry notice to its notify-then-confirm center (an archive receipt
 * with reason {@value #NOTICE_REASON}), records it as sent, then lets the archive expire what is due and compact.
 */
public final class RetentionJob {
    /** The receipt's reason code that tells a center's software this archive receipt is an expiry notice. */
    public static final String NOTICE_REASON = "expiry-notice";
    private static final String ACTOR = "datacenter:retention";
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final Archiver archiver;
    private final Directory directory;
    private final ReceiptMailer receipts;
    private final SessionFactory sessions;
    private final Tracker tracker;

    public RetentionJob(Archiver archiver, Directory directory, ReceiptMailer receipts, SessionFactory sessions, Tracker tracker) {
        this.archiver = archiver;
        this.directory = directory;
        this.receipts = receipts;
        this.sessions = sessions;
        this.tracker = tracker;
    }

    /** What one run did: the notices mailed and the archive's sweep report. */
    public record Outcome(List<ExpiryNotice> noticesSent, SweepReport sweep) {}

    /** Runs once; an exception means nothing after the failing step happened, and the next run picks it up. */
    public Outcome run() {
        List<ExpiryNotice> sent = new ArrayList<>();
        for (ExpiryNotice notice : archiver.retention().dueNotices()) {
            Optional<Center> center = directory.centerByCode(notice.centerCode());
            if (center.isEmpty()) {
                // The notice stays due: once the center is back in the directory it is mailed.
                LOG.warn("expiry notice for study {} not sent: no center with code '{}' in the directory",
                        notice.studyUid(), notice.centerCode());
                continue;
            }
            // Mailed before it is marked: a crash in between sends it twice rather than never.
            sessions.inTransaction(s -> receipts.send(s, ReceiptStatus.ARCHIVED, center.get().address(),
                    notice.studyUid().value(), "", NOTICE_REASON, explanation(notice), List.of()));
            archiver.retention().markNotified(notice.studyUid(), ACTOR);
            sent.add(notice);
        }
        SweepReport sweep = archiver.retention().sweep(ACTOR);
        if (!sweep.expired().isEmpty()) {
            sessions.inTransaction(s -> sweep.expired().forEach(study -> tracker.study(s, study.value(), TrackingState.EXPIRED,
                    ACTOR, "retention period over: removed from the lifetime archive")));
        }
        LOG.info("retention: {} expiry notice(s) sent, {} stud(ies) expired, {} held, {} awaiting confirmation",
                sent.size(), sweep.expired().size(), sweep.held().size(), sweep.awaitingConfirmation().size());
        return new Outcome(List.copyOf(sent), sweep);
    }

    /** The sentence the center reads; patient ID and accession are in the body only, never in a header. */
    private static String explanation(ExpiryNotice notice) {
        return "Expiry notice: study " + notice.studyUid() + " (accession " + blankAsNone(notice.accessionNumber())
                + ", patient ID " + blankAsNone(notice.patientId()) + ", " + notice.objectCount()
                + " objects) reaches the end of its retention period on " + notice.expiryDate()
                + ". Under your center's policy it is deleted only after you confirm: ask the RadPost data-center"
                + " administrator to run 'tape-archiver retention confirm --study " + notice.studyUid()
                + "', or to place it on hold to keep it. Until then it stays in the lifetime archive.";
    }

    private static String blankAsNone(String value) {
        return value == null || value.isBlank() ? "none" : value;
    }
}
