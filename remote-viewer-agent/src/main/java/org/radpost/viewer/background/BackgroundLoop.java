package org.radpost.viewer.background;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named daemon thread that runs one piece of work at a time: on a fixed delay after each run, and whenever
 * woken. A run that throws is logged and the loop goes on; closing stops it and waits briefly for the current run.
 * It depends on nothing but the JDK and SLF4J so that every part's loops can share it.
 */
public final class BackgroundLoop<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackgroundLoop.class);

    private final String name;
    private final Supplier<T> work;
    private final Duration closeWait;
    private final ScheduledExecutorService thread;

    /** A loop whose work returns a value (the last poll result, say) that {@link #wake()} hands back. */
    public BackgroundLoop(String name, Duration closeWait, Supplier<T> work) {
        this.name = name;
        this.work = work;
        this.closeWait = closeWait;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** A loop whose work returns nothing. */
    public static BackgroundLoop<Void> of(String name, Duration closeWait, Runnable work) {
        return new BackgroundLoop<>(name, closeWait, () -> {
            work.run();
            return null;
        });
    }

    /** Runs the work now and then again {@code delay} after each run ends. */
    public void start(Duration delay) {
        thread.scheduleWithFixedDelay(this::runQuietly, 0, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs the work as soon as the current run (if any) is done; the future holds its result (null if it threw). */
    public Future<T> wake() {
        return thread.submit(this::runQuietly);
    }

    private T runQuietly() {
        try {
            return work.get();
        } catch (RuntimeException e) {
            log.error("{} failed and will try again: {}", name, e.toString(), e);
            return null;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(closeWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
