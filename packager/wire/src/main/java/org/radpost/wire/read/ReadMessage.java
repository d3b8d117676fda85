package org.radpost.wire.read;

import java.util.List;
import java.util.Optional;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Priority;
import org.radpost.wire.StudyUid;
import org.radpost.wire.receipt.Receipt;

/**
 * A RadPost message read back into typed values: its objects (with files), or the receipt it carries;
 * {@code priorFor} names the new study when this is an earlier study sent along for comparison.
 */
public record ReadMessage(
        String messageId,
        String from,
        List<String> to,
        ObjectType type,
        StudyUid studyUid,
        Priority priority,
        PartInfo part,
        List<ReceivedObject> objects,
        Optional<Receipt> receipt,
        Optional<StudyUid> priorFor) {

    public ReadMessage {
        to = List.copyOf(to);
        objects = List.copyOf(objects);
    }
}
