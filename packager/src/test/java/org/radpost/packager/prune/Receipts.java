package org.radpost.packager.prune;

import java.time.Instant;
import java.util.List;
import org.radpost.wire.ObjectType;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptEntry;
import org.radpost.wire.receipt.ReceiptStatus;

/** Receipts as the data center sends them to center1, for tests. */
final class Receipts {
    static final String DATA_CENTER = "datacenter@radpost.test";
    static final String CENTER = "center1@center.radpost.test";

    private Receipts() {}

    static Receipt of(ReceiptStatus status, StudyUid study, Instant at, List<SopInstanceUid> uids) {
        return new Receipt(status, DATA_CENTER, CENTER, study, "<original@center.radpost.test>", "", "",
                uids.stream().map(uid -> ReceiptEntry.of(ObjectType.IMAGE, uid)).toList(), at);
    }

    static Receipt rejected(StudyUid study, Instant at, SopInstanceUid uid, String code, String reason) {
        return new Receipt(ReceiptStatus.REJECTED, DATA_CENTER, CENTER, study, "<original@center.radpost.test>", code, "",
                List.of(new ReceiptEntry(ObjectType.IMAGE, uid, code, reason)), at);
    }
}
