package org.radpost.datacenter.tracking;

import java.time.Clock;
import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes status events; the pipeline runner and the protocol edges call it, stages never do. */
public final class Tracker {
    /** Every study-level state change is one INFO line: what an operator follows in the log. */
    private static final Logger LOG = LoggerFactory.getLogger(Tracker.class);
    private final Clock clock;

    public Tracker(Clock clock) {
        this.clock = clock;
    }

    /** Records a study-level transition in the caller's transaction. */
    public void study(Session session, String studyUid, TrackingState state, String actor, String detail) {
        session.persist(new StatusEvent(studyUid, null, state, actor, detail, clock.instant()));
        LOG.info("study {} {} by {}: {}", studyUid, state, actor, detail);
    }

    /** Records an object-level transition in the caller's transaction. */
    public void object(Session session, String studyUid, String sopInstanceUid, TrackingState state, String actor, String detail) {
        session.persist(new StatusEvent(studyUid, sopInstanceUid, state, actor, detail, clock.instant()));
        LOG.debug("object {} of study {} {} by {}: {}", sopInstanceUid, studyUid, state, actor, detail);
    }
}
