package org.radpost.datacenter;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.hibernate.SessionFactory;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Which node runs a scheduled job: the holder of its lease, taken for one interval at a time in the shared
 * database, so with several nodes each job still runs once per interval; when the holder dies the lease lapses
 * and another node takes over.
 */
@Entity
@Table(name = "job_lease")
public class JobLease {
    @Id
    private String name;
    private String holder;
    @Column(name = "held_until")
    private Instant heldUntil;

    protected JobLease() {}

    private JobLease(String name, String holder, Instant heldUntil) {
        this.name = name;
        this.holder = holder;
        this.heldUntil = heldUntil;
    }

    public String holder() { return holder; }
    public Instant heldUntil() { return heldUntil; }

    /** Takes and renews leases for one node. */
    public static final class Leases {
        private final SessionFactory sessions;
        private final Clock clock;
        private final String node;

        public Leases(SessionFactory sessions, Clock clock, String node) {
            this.sessions = sessions;
            this.clock = clock;
            this.node = node;
        }

        /** True when this node may run the job now: the lease was free, lapsed, or already this node's. */
        public boolean acquire(String job, Duration span) {
            try {
                return sessions.fromTransaction(s -> {
                    Instant now = clock.instant();
                    JobLease lease = s.find(JobLease.class, job, LockModeType.PESSIMISTIC_WRITE);
                    if (lease == null) {
                        s.persist(new JobLease(job, node, now.plus(span)));
                        s.flush();
                        return true;
                    }
                    if (!lease.holder.equals(node) && lease.heldUntil.isAfter(now)) {
                        return false;
                    }
                    lease.holder = node;
                    lease.heldUntil = now.plus(span);
                    return true;
                });
            } catch (ConstraintViolationException e) {
                return false;   // another node created the lease a moment ago: it runs the job
            }
        }

        public Instant now() {
            return clock.instant();
        }

        public String node() {
            return node;
        }

        /** Records one run of a job by this node ({@code job_run}) and drops that job's rows older than 30 days. */
        public void recordRun(String job, Instant started, boolean ok) {
            Instant finished = clock.instant();
            sessions.inTransaction(s -> {
                s.createNativeMutationQuery("insert into job_run (job, node, started_at, finished_at, outcome)"
                                + " values (:job, :node, :started, :finished, :outcome)")
                        .setParameter("job", job).setParameter("node", node).setParameter("started", started)
                        .setParameter("finished", finished).setParameter("outcome", ok ? "OK" : "FAILED").executeUpdate();
                s.createNativeMutationQuery("delete from job_run where job = :job and started_at < :cutoff")
                        .setParameter("job", job).setParameter("cutoff", finished.minus(Duration.ofDays(30))).executeUpdate();
            });
        }
    }
}
