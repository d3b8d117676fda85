package org.radpost.viewer.store;

import java.time.Instant;
import java.util.Optional;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Priority;
import org.radpost.wire.StudyUid;

/** A message taken from the mailbox: who sent it, what it carries, which part of how many, and if it is a prior. */
public record ArrivedMessage(
        String messageId,
        String sender,
        ObjectType objectType,
        Optional<StudyUid> studyUid,
        Priority priority,
        int partNumber,
        int partCount,
        int totalObjects,
        Instant receivedAt,
        Optional<StudyUid> priorFor) {
}
