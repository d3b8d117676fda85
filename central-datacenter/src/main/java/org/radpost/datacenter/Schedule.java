package org.radpost.datacenter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data center's periodic jobs, listed in one place beside the {@link Pipeline}: each runs on one daemon
 * thread at its interval, on the one node that holds its {@link JobLease} (so once per deployment), and a
 * failed run is logged and tried again at the next interval.
 */
public final class Schedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Schedule.class);

    /** One periodic job: its name (for logs), when it first runs, how often, and what it does. */
    public record Job(String name, Duration firstRun, Duration every, Runnable work) {}

    private final List<Job> jobs;
    private final JobLease.Leases leases;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "radpost-jobs");
        t.setDaemon(true);
        return t;
    });

    /** Test-only: {@code -Dradpost.schedule.every=PT3S} runs every job at that interval, so a kill test sees many. */
    private static final String EVERY_OVERRIDE = System.getProperty("radpost.schedule.every", "");

    public Schedule(List<Job> jobs, JobLease.Leases leases) {
        this.jobs = EVERY_OVERRIDE.isEmpty() ? List.copyOf(jobs) : jobs.stream().map(j -> new Job(j.name(),
                Duration.parse(EVERY_OVERRIDE), Duration.parse(EVERY_OVERRIDE), j.work())).toList();
        this.leases = leases;
    }

    public List<Job> jobs() {
        return jobs;
    }

    public void start() {
        for (Job job : jobs) {
            timer.scheduleWithFixedDelay(() -> run(job), job.firstRun().toMillis(), job.every().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Runs every job once now, where this node holds (or takes) its lease; true for each job that ran. */
    public List<Boolean> runAll() {
        return jobs.stream().map(this::run).toList();
    }

    private boolean run(Job job) {
        try {
            if (!leases.acquire(job.name(), job.every())) {
                LOG.debug("{}: another node holds the lease", job.name());
                return false;
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot take its lease; it is tried again in {}", job.name(), job.every(), e);
            return false;
        }
        java.time.Instant started = leases.now();
        boolean ok = false;
        try {
            job.work().run();
            ok = true;
        } catch (RuntimeException e) {
            LOG.warn("{} failed; it runs again in {}", job.name(), job.every(), e);
        }
        try {
            leases.recordRun(job.name(), started, ok);
        } catch (RuntimeException e) {
            LOG.warn("{}: could not record its run", job.name(), e);
        }
        return ok;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
