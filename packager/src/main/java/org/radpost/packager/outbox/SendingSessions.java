package org.radpost.packager.outbox;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Several SMTP sessions sending one outbox at once: each runs the same loop on a thread of its own. */
final class SendingSessions {
    private SendingSessions() {}

    /** One session's work: takes entries until none is left. */
    interface Session {
        boolean send() throws IOException;
    }

    /** Runs {@code sessions} sessions and returns when every one has finished; the first failure is thrown. */
    static void run(int sessions, Session session) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(sessions, r -> {
            Thread t = new Thread(r, "outbox-session");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Boolean>> running = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                running.add(pool.submit(session::send));
            }
            for (Future<Boolean> each : running) {
                join(each);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void join(Future<Boolean> session) throws IOException {
        try {
            session.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the outbox was being delivered");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IOException(e.getCause());
        }
    }

    /** The listener hears one session at a time (the CLI's progress bar is not thread-safe). */
    static DeliveryListener oneAtATime(DeliveryListener listener) {
        return new DeliveryListener() {
            @Override
            public synchronized void starting(OutboxEntry entry) {
                listener.starting(entry);
            }

            @Override
            public synchronized void bytesSent(long bytes) {
                listener.bytesSent(bytes);
            }

            @Override
            public synchronized void finished(Delivery delivery) {
                listener.finished(delivery);
            }
        };
    }
}
