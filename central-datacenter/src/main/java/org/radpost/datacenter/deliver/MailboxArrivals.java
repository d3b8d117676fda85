package org.radpost.datacenter.deliver;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * Tells whoever listens on this node that mail landed in a mailbox, after the commit that put it there. A node knows
 * only its own deliveries (others share the database, not this): listeners use it to shorten a wait, never for
 * correctness.
 */
public final class MailboxArrivals {
    private final Map<String, Set<Runnable>> listeners = new ConcurrentHashMap<>();

    /** Calls {@code listener} after each commit that lands mail in {@code mailbox}; closing the handle stops it. */
    public AutoCloseable listen(String mailbox, Runnable listener) {
        String key = mailbox.toLowerCase(java.util.Locale.ROOT);
        listeners.computeIfAbsent(key, k -> new CopyOnWriteArraySet<>()).add(listener);
        return () -> listeners.getOrDefault(key, Set.of()).remove(listener);
    }

    /** Mail is committed in these mailboxes: listeners run in the caller's thread and must only hand the news on. */
    public void landed(Iterable<String> mailboxes) {
        for (String mailbox : mailboxes) {
            listeners.getOrDefault(mailbox.toLowerCase(java.util.Locale.ROOT), Set.of()).forEach(Runnable::run);
        }
    }

    /** A hook for a stage: what it queued, announced once its transaction commits. */
    public Consumer<Set<String>> announcer() {
        return this::landed;
    }
}
