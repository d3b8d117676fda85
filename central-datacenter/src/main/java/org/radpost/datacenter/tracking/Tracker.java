package org.radpost.datacenter.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hibernate.Session;
import org.radpost.datacenter.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes status events; the pipeline runner and the protocol edges call it, stages never do. */
public final class Tracker {
    /** Every study-level state change is one INFO line: what an operator follows in the log. */
    private static final Logger LOG = LoggerFactory.getLogger(Tracker.class);
    /** The milestones whose intervals are turnaround (as on a study's tracking page). */
    private static final List<TrackingState> MILESTONES = List.of(TrackingState.RECEIVED, TrackingState.DELIVERED,
            TrackingState.VIEWED, TrackingState.REPORTED);
    private final Clock clock;
    private final Metrics metrics;

    public Tracker(Clock clock) {
        this(clock, null);
    }

    /** Also times each study's turnaround into {@code metrics} (null: no metrics, as in the CLI). */
    public Tracker(Clock clock, Metrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Records a study-level transition in the caller's transaction. */
    public void study(Session session, String studyUid, TrackingState state, String actor, String detail) {
        Instant now = clock.instant();
        if (metrics != null && MILESTONES.indexOf(state) > 0) {
            timeTurnaround(session, studyUid, state, now);
        }
        session.persist(new StatusEvent(studyUid, null, state, actor, detail, now));
        LOG.info("study {} {} by {}: {}", studyUid, state, actor, detail);
    }

    /** Records an object-level transition in the caller's transaction. */
    public void object(Session session, String studyUid, String sopInstanceUid, TrackingState state, String actor, String detail) {
        session.persist(new StatusEvent(studyUid, sopInstanceUid, state, actor, detail, clock.instant()));
        LOG.debug("object {} of study {} {} by {}: {}", sopInstanceUid, studyUid, state, actor, detail);
    }

    /** The first time a study reaches a milestone, the time since the first time it reached the one before. */
    private void timeTurnaround(Session session, String studyUid, TrackingState state, Instant now) {
        TrackingState previous = MILESTONES.get(MILESTONES.indexOf(state) - 1);
        Long before = session.createSelectionQuery("select count(*) from StatusEvent e where e.studyUid = :s and e.state = :st",
                Long.class).setParameter("s", studyUid).setParameter("st", state).getSingleResult();
        if (before > 0) {
            return;
        }
        Instant from = session.createSelectionQuery("select min(e.at) from StatusEvent e where e.studyUid = :s and e.state = :st",
                Instant.class).setParameter("s", studyUid).setParameter("st", previous).getSingleResult();
        if (from != null) {
            metrics.turnaround(previous.name().toLowerCase(), state.name().toLowerCase(), Duration.between(from, now));
        }
    }
}
