package org.radpost.packager.prune;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.radpost.wire.ObjectType;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.receipt.ReceiptStatus;

/**
 * What the receipts said about one object: for each status, when it was last reported, and the reason given
 * with rejections, quarantines and resend requests.
 */
public record ObjectReceipts(SopInstanceUid sopInstanceUid, ObjectType type, Map<ReceiptStatus, Instant> statuses,
                             Map<ReceiptStatus, String> reasons) {
    public ObjectReceipts {
        statuses = Collections.unmodifiableMap(new EnumMap<>(copy(statuses)));
        reasons = Collections.unmodifiableMap(new EnumMap<>(copy(reasons)));
    }

    /** When the archive receipt said the object is durably archived, if it has. */
    public Optional<Instant> archivedAt() {
        return Optional.ofNullable(statuses.get(ReceiptStatus.ARCHIVED));
    }

    public boolean has(ReceiptStatus status) {
        return statuses.containsKey(status);
    }

    /** The most recent status reported (at equal times, the later in the object's life), for a person reading why it was kept. */
    public Optional<ReceiptStatus> latest() {
        return statuses.entrySet().stream()
                .max(Map.Entry.<ReceiptStatus, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey);
    }

    private static <V> Map<ReceiptStatus, V> copy(Map<ReceiptStatus, V> map) {
        Map<ReceiptStatus, V> copy = new EnumMap<>(ReceiptStatus.class);
        copy.putAll(map);
        return copy;
    }
}
