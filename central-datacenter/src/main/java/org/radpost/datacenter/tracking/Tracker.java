package org.radpost.datacenter.tracking;

import java.time.Clock;
import org.hibernate.Session;

/** Writes status events; the pipeline runner and the protocol edges call it, stages never do. */
public final class Tracker {
    private final Clock clock;

    public Tracker(Clock clock) {
        this.clock = clock;
    }

    /** Records a study-level transition in the caller's transaction. */
    public void study(Session session, String studyUid, TrackingState state, String actor, String detail) {
        session.persist(new StatusEvent(studyUid, null, state, actor, detail, clock.instant()));
    }

    /** Records an object-level transition in the caller's transaction. */
    public void object(Session session, String studyUid, String sopInstanceUid, TrackingState state, String actor, String detail) {
        session.persist(new StatusEvent(studyUid, sopInstanceUid, state, actor, detail, clock.instant()));
    }
}
