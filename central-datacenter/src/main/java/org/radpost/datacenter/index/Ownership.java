package org.radpost.datacenter.index;

import java.util.List;
import java.util.Optional;
import org.hibernate.Session;
import org.radpost.wire.read.ReadMessage;

/**
 * Who owns what: a study, and each object in it (by SOP Instance UID), belongs to the center that sent it first.
 * UIDs are chosen by senders, so a second center reusing them is refused and never replaces, supersedes or
 * re-archives the first center's objects. The refusal names no other center.
 */
public final class Ownership {
    private Ownership() {}

    /** Why {@code centerId} may not send this message's study or objects, or empty when it may. */
    public static Optional<String> conflict(Session session, Long centerId, ReadMessage message) {
        String studyUid = message.studyUid().value();
        Optional<Study> study = Indexer.studyByUid(session, studyUid);
        if (study.isPresent() && !study.get().centerId().equals(centerId)) {
            return Optional.of("study " + studyUid + " was first sent by another center and belongs to it; "
                    + "give the study new UIDs (a new Study Instance UID and new SOP Instance UIDs) and send it again");
        }
        List<String> uids = message.objects().stream().map(o -> o.sopInstanceUid().value()).toList();
        if (uids.isEmpty()) {
            return Optional.empty();
        }
        List<String> foreign = session.createSelectionQuery("select i.sopInstanceUid from Instance i, Study s"
                        + " where s.id = i.studyId and i.sopInstanceUid in (:uids) and s.centerId <> :center", String.class)
                .setParameterList("uids", uids).setParameter("center", centerId).getResultList();
        if (!foreign.isEmpty()) {
            return Optional.of("object " + foreign.get(0) + (foreign.size() > 1 ? " (and " + (foreign.size() - 1) + " more)" : "")
                    + " was first sent by another center and belongs to it; give the objects new SOP Instance UIDs and send again");
        }
        return Optional.empty();
    }

    /** The same check inside the indexing transaction, for a race between two first sends: it rolls back. */
    static void check(Session session, Long centerId, ReadMessage message) {
        conflict(session, centerId, message).ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
    }
}
