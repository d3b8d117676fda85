package org.radpost.datacenter.receipt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.radpost.wire.ObjectType;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.read.Defect;
import org.radpost.wire.read.WireFormatException;
import org.radpost.wire.receipt.ReceiptEntry;

/** The objects a refused message named, each with the reason code and sentence of its first defect. */
public final class RefusedObjects {
    private RefusedObjects() {}

    /** One entry per object a defect names by a valid UID; defects of the message as a whole name none. */
    public static List<ReceiptEntry> of(WireFormatException refusal) {
        Map<String, ReceiptEntry> objects = new LinkedHashMap<>();
        for (Defect defect : refusal.defects()) {
            if (defect.uid().isEmpty() || objects.containsKey(defect.uid())) {
                continue;
            }
            SopInstanceUid uid;
            try {
                uid = SopInstanceUid.of(defect.uid());
            } catch (IllegalArgumentException e) {
                continue; // not a UID: the defect's sentence in the receipt's text still quotes it
            }
            // A part whose type the message did not give is still a DICOM part: "image" is the type of any such object.
            objects.put(defect.uid(), new ReceiptEntry(defect.objectType().orElse(ObjectType.IMAGE),
                    uid, defect.error().code(), defect.detail()));
        }
        return List.copyOf(objects.values());
    }
}
