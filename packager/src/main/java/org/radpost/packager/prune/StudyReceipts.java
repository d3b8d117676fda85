package org.radpost.packager.prune;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;
import org.radpost.wire.receipt.ReceiptStatus;

/**
 * Everything the ledger holds about one study: per object its statuses, plus statuses reported for the study as
 * a whole (receipts that name no object).
 */
public record StudyReceipts(StudyUid studyUid, Map<SopInstanceUid, ObjectReceipts> objects,
                            Map<ReceiptStatus, Instant> studyStatuses, Map<ReceiptStatus, String> studyReasons) {
    private static final List<ReceiptStatus> COUNTED = List.of(ReceiptStatus.ACCEPTED, ReceiptStatus.DELIVERED,
            ReceiptStatus.VIEWED, ReceiptStatus.REPORTED, ReceiptStatus.ARCHIVED);

    public StudyReceipts {
        objects = Collections.unmodifiableMap(new TreeMap<>(objects));
        studyStatuses = Map.copyOf(studyStatuses);
        studyReasons = Map.copyOf(studyReasons);
    }

    /** How many objects of the study have had this status reported. */
    public long count(ReceiptStatus status) {
        return objects.values().stream().filter(o -> o.has(status)).count();
    }

    /** The latest archive time of any object, which orders studies for pruning (oldest first). */
    public Optional<Instant> lastArchivedAt() {
        return objects.values().stream().flatMap(o -> o.archivedAt().stream()).max(Instant::compareTo);
    }

    /** Lines for a technologist: counts per status, then every rejection, quarantine and resend request with its reason. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        StringBuilder counts = new StringBuilder("Study " + studyUid + ": " + objects.size() + " object(s);");
        for (ReceiptStatus status : COUNTED) {
            counts.append(' ').append(status.token()).append(' ').append(count(status));
        }
        lines.add(counts.toString());
        for (ReceiptStatus status : List.of(ReceiptStatus.REJECTED, ReceiptStatus.QUARANTINED, ReceiptStatus.RESEND_REQUESTED)) {
            if (studyStatuses.containsKey(status)) {
                lines.add("  study " + status.token() + " at " + studyStatuses.get(status) + reasonText(studyReasons.get(status)));
            }
            for (ObjectReceipts object : objects.values()) {
                if (object.has(status)) {
                    lines.add("  " + object.type().token() + " " + object.sopInstanceUid() + " " + status.token() + " at "
                            + object.statuses().get(status) + reasonText(object.reasons().get(status)));
                }
            }
        }
        return lines;
    }

    private static String reasonText(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + reason;
    }
}
