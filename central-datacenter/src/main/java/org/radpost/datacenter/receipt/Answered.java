package org.radpost.datacenter.receipt;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;
import org.radpost.datacenter.index.MessageObject;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.wire.ObjectType;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptEntry;
import org.radpost.wire.receipt.ReceiptStatus;

/**
 * Completes a receipt from the tracking database so the recipient can match it to what it sent: the messages it
 * answers (its own, never the viewer's that prompted a viewed or reported receipt), whose disposition it reports
 * (the data center, or the viewer for delivered, viewed and reported), and every object concerned with its reason.
 */
final class Answered {
    /** Receipts about what messages carried: when the caller names no objects, every object carried is named. */
    private static final Set<ReceiptStatus> NAMES_CARRIED = EnumSet.of(ReceiptStatus.DELIVERED, ReceiptStatus.QUARANTINED,
            ReceiptStatus.RESEND_REQUESTED);
    /** Receipts whose reason applies to each object they name. */
    private static final Set<ReceiptStatus> REASON_PER_OBJECT = EnumSet.of(ReceiptStatus.REJECTED, ReceiptStatus.QUARANTINED,
            ReceiptStatus.RESEND_REQUESTED);

    private final Session session;

    Answered(Session session) {
        this.session = session;
    }

    Receipt complete(Receipt stated) {
        String to = stated.to().toLowerCase(Locale.ROOT);
        String study = stated.studyUid().value();
        Optional<ReceivedMessage> answered = stated.originalMessageId().isEmpty() ? Optional.empty()
                : session.createSelectionQuery("from ReceivedMessage where messageId = :m", ReceivedMessage.class)
                        .setParameter("m", stated.originalMessageId()).uniqueResultOptional();
        // The caller names the viewer for a delivery (the mailbox); otherwise the data center reports its own doing.
        String finalRecipient = stated.finalRecipient();
        List<String> references;
        if (answered.isPresent() && !answered.get().account().equalsIgnoreCase(to)) {
            // A viewer's receipt or report about a center's study: passed on for the viewer, answering the center's messages.
            finalRecipient = answered.get().account();
            references = sentBy(to, study, stated.objects());
        } else if (!stated.originalMessageId().isEmpty()) {
            references = List.of(stated.originalMessageId());
        } else {
            // About the study as a whole (a resend request, an expiry notice): every message of it the recipient sent.
            references = sentBy(to, study, List.of());
        }
        List<ReceiptEntry> objects = stated.objects().isEmpty() && NAMES_CARRIED.contains(stated.status())
                ? carried(references) : stated.objects();
        if (REASON_PER_OBJECT.contains(stated.status()) && !stated.reason().isEmpty()) {
            objects = objects.stream().map(e -> e.reasonCode().isEmpty()
                    ? new ReceiptEntry(e.type(), e.sopInstanceUid(), stated.reason(), e.reason()) : e).toList();
        }
        return new Receipt(stated.status(), stated.from(), stated.to(), stated.studyUid(), "", stated.reason(),
                stated.explanation(), objects, stated.at(), finalRecipient, references);
    }

    /**
     * The DICOM messages of the study that {@code sender} sent, oldest first: those that carried the named objects
     * when some did, else all of them.
     */
    private List<String> sentBy(String sender, String study, List<ReceiptEntry> objects) {
        List<ReceivedMessage> sent = session.createSelectionQuery("from ReceivedMessage where studyUid = :s"
                        + " and lower(account) = :a and objectType not in (:receipts) order by id", ReceivedMessage.class)
                .setParameter("s", StudyUid.of(study)).setParameter("a", sender)
                .setParameterList("receipts", List.of(ObjectType.RECEIPT, ObjectType.RESEND_REQUEST)).getResultList();
        if (!objects.isEmpty() && !sent.isEmpty()) {
            List<String> uids = objects.stream().map(e -> e.sopInstanceUid().value()).distinct().toList();
            List<String> carrying = session.createSelectionQuery(
                            "select distinct messageId from MessageObject where sopInstanceUid in (:u) and messageId in (:m)", String.class)
                    .setParameterList("u", uids).setParameterList("m", sent.stream().map(ReceivedMessage::messageId).toList())
                    .getResultList();
            List<ReceivedMessage> matched = sent.stream().filter(m -> carrying.contains(m.messageId())).toList();
            if (!matched.isEmpty()) {
                sent = matched;
            }
        }
        return sent.stream().map(ReceivedMessage::messageId).toList();
    }

    /** Every object the messages carried, once each, in the order they arrived. */
    private List<ReceiptEntry> carried(List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return List.of();
        }
        Map<String, ReceiptEntry> objects = new LinkedHashMap<>();
        for (MessageObject o : session.createSelectionQuery("from MessageObject where messageId in (:m) order by id",
                MessageObject.class).setParameterList("m", messageIds).getResultList()) {
            objects.putIfAbsent(o.sopInstanceUid(), ReceiptEntry.of(ObjectType.valueOf(o.objectType()),
                    SopInstanceUid.of(o.sopInstanceUid())));
        }
        return new ArrayList<>(objects.values());
    }
}
