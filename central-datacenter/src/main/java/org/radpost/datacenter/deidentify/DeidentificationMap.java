package org.radpost.datacenter.deidentify;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.hibernate.SessionFactory;
import jakarta.persistence.PersistenceException;

/**
 * The data center's persistent de-identification map: original UID to replacement UID, and a center's patient to
 * a pseudonym. Each entry is created once and then always answered the same, across restarts and nodes (a
 * concurrent creation on another node loses the unique-key race and reads the winner's entry).
 */
public final class DeidentificationMap {
    private static final char[] PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private final SessionFactory sessions;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public DeidentificationMap(SessionFactory sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    /** The replacement for {@code originalUid}, made now (a 2.25 UUID-derived UID, PS3.5 B.2) if it has none yet. */
    public String replacementFor(String originalUid) {
        return getOrCreate(() -> replacementOf(originalUid), () -> {
            UidMapping mapping = new UidMapping(originalUid, uuidUid(), clock.instant());
            sessions.inTransaction(s -> s.persist(mapping));
            return mapping.replacementUid();
        });
    }

    /** The original UID a replacement stands for, if it is one of ours. */
    public Optional<String> originalOf(String replacementUid) {
        return sessions.fromSession(s -> s.createSelectionQuery(
                        "from UidMapping where replacementUid = :r", UidMapping.class)
                .setParameter("r", replacementUid).uniqueResultOptional().map(UidMapping::originalUid));
    }

    /** The pseudonym of a center's patient, made now if the patient has none yet. */
    public String pseudonymFor(long centerId, String patientId) {
        return getOrCreate(() -> pseudonymOf(centerId, patientId), () -> {
            PatientPseudonym p = new PatientPseudonym(centerId, patientId, newPseudonym(), clock.instant());
            sessions.inTransaction(s -> s.persist(p));
            return p.pseudonym();
        });
    }

    private Optional<String> replacementOf(String originalUid) {
        return sessions.fromSession(s -> Optional.ofNullable(s.find(UidMapping.class, originalUid)).map(UidMapping::replacementUid));
    }

    private Optional<String> pseudonymOf(long centerId, String patientId) {
        return sessions.fromSession(s -> s.createSelectionQuery(
                        "from PatientPseudonym where centerId = :c and patientId = :p", PatientPseudonym.class)
                .setParameter("c", centerId).setParameter("p", patientId).uniqueResultOptional()
                .map(PatientPseudonym::pseudonym));
    }

    private static String getOrCreate(Supplier<Optional<String>> existing, Supplier<String> create) {
        Optional<String> found = existing.get();
        if (found.isPresent()) {
            return found.get();
        }
        try {
            return create.get();
        } catch (PersistenceException e) {
            // Another worker created it between our read and our insert (unique key): its entry is the one.
            return existing.get().orElseThrow(() -> e);
        }
    }

    private static String uuidUid() {
        UUID uuid = UUID.randomUUID();
        byte[] bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
        return "2.25." + new BigInteger(1, bytes);
    }

    private String newPseudonym() {
        StringBuilder s = new StringBuilder("RP");
        for (int i = 0; i < 10; i++) {
            s.append(PSEUDONYM_ALPHABET[random.nextInt(PSEUDONYM_ALPHABET.length)]);
        }
        return s.toString();
    }
}
