package org.radpost.datacenter;

import java.util.ArrayList;
import java.util.List;
import org.radpost.datacenter.receipt.Notice;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.wire.RejectReason;
import org.radpost.wire.receipt.ReceiptEntry;

/**
 * The typed outcome of one step: go on, refuse for good, hold in quarantine for an admin, or try again later.
 * A step says what happened (events) and whom to tell (notices); the runner records and mails them.
 */
public sealed interface StageResult {

    /** A state change to record for the message's study, with the specifics. */
    record Event(TrackingState state, String detail) {}

    /** One destination that cannot be served (unknown, not authorized): it waits in quarantine. */
    record Hold(String destination, String reasonCode, String reason) {}

    /** The step did its work; the message goes on to the next step. Some destinations may be held. */
    record Continue(List<Event> events, List<Notice> notices, List<Hold> holds) implements StageResult {
        public Continue {
            events = List.copyOf(events);
            notices = List.copyOf(notices);
            holds = List.copyOf(holds);
        }

        public Continue notify(Notice notice) {
            List<Notice> more = new ArrayList<>(notices);
            more.add(notice);
            return new Continue(events, more, holds);
        }

        public Continue and(TrackingState state, String detail) {
            List<Event> more = new ArrayList<>(events);
            more.add(new Event(state, detail));
            return new Continue(more, notices, holds);
        }
    }

    /**
     * Refused for good (only while the sender waits): the sender is told why and keeps the message. The receipt
     * answers {@code messageId} (as written, "" when unreadable) and names each refused object with its reason.
     */
    record Reject(RejectReason reason, String detail, String messageId, List<ReceiptEntry> objects) implements StageResult {
        public Reject {
            messageId = messageId == null ? "" : messageId;
            objects = List.copyOf(objects);
        }

        /** A refusal of the message as a whole, whose Message-ID the intake knows if it was read. */
        public Reject(RejectReason reason, String detail) {
            this(reason, detail, "", List.of());
        }

        /** The text after the SMTP codes: reason code, sentence, detail. */
        public String text() {
            return "[" + reason.code() + "] " + reason.sentence() + ": " + detail;
        }
    }

    /** The object is valid but no destination may receive it; an admin decides. */
    record Quarantine(List<Hold> holds) implements StageResult {
        public Quarantine {
            if (holds.isEmpty()) {
                throw new IllegalArgumentException("a quarantine needs at least one held destination");
            }
            holds = List.copyOf(holds);
        }
    }

    /** A passing fault (disk, database, a peer); the runner retries later with back-off. */
    record Retry(String cause) implements StageResult {}

    /** Goes on, recording one event. */
    static Continue next(TrackingState state, String detail) {
        return new Continue(List.of(new Event(state, detail)), List.of(), List.of());
    }

    /** Goes on without an event of its own. */
    static Continue next() {
        return new Continue(List.of(), List.of(), List.of());
    }
}
