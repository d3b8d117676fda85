package org.radpost.datacenter.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.hibernate.SessionFactory;
import org.radpost.datacenter.spool.MessageState;

/** Reads how many messages wait per pipeline state and per mailbox: the gauges behind {@link Metrics#scrape()}. */
public final class QueueDepths implements Supplier<Metrics.Depths> {
    private final SessionFactory sessions;

    public QueueDepths(SessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public Metrics.Depths get() {
        // Every state appears, at 0 when empty: a series that vanishes reads as "no data", not as "drained".
        Map<String, Long> byState = new LinkedHashMap<>();
        Arrays.stream(MessageState.values()).forEach(s -> byState.put(s.token(), 0L));
        Map<String, Long> byMailbox = new TreeMap<>();
        sessions.inSession(s -> {
            s.createNativeQuery("SELECT state, COUNT(*) FROM message GROUP BY state", Object[].class).getResultList()
                    .forEach(r -> byState.put((String) r[0], ((Number) r[1]).longValue()));
            s.createNativeQuery("SELECT mailbox, COUNT(*) FROM delivery WHERE state = 'QUEUED' GROUP BY mailbox", Object[].class)
                    .getResultList().forEach(r -> byMailbox.put((String) r[0], ((Number) r[1]).longValue()));
        });
        return new Metrics.Depths(byState, byMailbox);
    }
}
