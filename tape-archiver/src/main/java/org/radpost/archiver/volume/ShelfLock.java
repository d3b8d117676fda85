package org.radpost.archiver.volume;

import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.radpost.archiver.index.ShelfRow;

/**
 * Serialises the writers of one (center, modality) group: threads of this JVM queue on a local lock, nodes
 * sharing the database queue on the group's row held FOR UPDATE for the whole transaction.
 */
public final class ShelfLock {
    private final SessionFactory sessions;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Set<String> knownRows = ConcurrentHashMap.newKeySet();

    public ShelfLock(SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Runs {@code work} in one transaction holding the group's lock; the transaction commits when it returns. */
    public <T> T inTransaction(String centerCode, String modality, Function<Session, T> work) {
        String key = centerCode + "\u0000" + modality;
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            if (!knownRows.contains(key)) {
                ensureRow(centerCode, modality);
                knownRows.add(key);
            }
            return sessions.fromTransaction(s -> {
                s.createQuery("from ShelfRow where centerCode = :c and modality = :m", ShelfRow.class)
                        .setParameter("c", centerCode).setParameter("m", modality)
                        .setLockMode(LockModeType.PESSIMISTIC_WRITE).getSingleResult();
                return work.apply(s);
            });
        } finally {
            lock.unlock();
        }
    }

    private void ensureRow(String centerCode, String modality) {
        boolean exists = sessions.fromTransaction(s -> !s.createQuery(
                        "from ShelfRow where centerCode = :c and modality = :m", ShelfRow.class)
                .setParameter("c", centerCode).setParameter("m", modality).getResultList().isEmpty());
        if (!exists) {
            try {
                sessions.inTransaction(s -> s.persist(new ShelfRow(centerCode, modality)));
            } catch (PersistenceException e) {
                // Another node created it first: the unique key made sure there is exactly one.
            }
        }
    }
}
