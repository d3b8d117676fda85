package org.radpost.datacenter.directory;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A small, bounded, short-lived memory of passwords PBKDF2 has just confirmed, so a repeated login with the same
 * right password skips the derivation (Dovecot's auth cache does the same).
 *
 * <p>Why: a downloading viewer opens a short second POP3 session about twice a second to check for new STAT mail,
 * and each login costs 150–260 ms of PBKDF2 on a 2-core box. What is in memory: per account, only
 * HMAC-SHA256(a random key made when the process starts and never stored, the password) and an expiry, never the
 * password; a heap dump therefore yields nothing a guesser could test offline without that key, and the key dies
 * with the process. Why the key is the stored hash string: it changes whenever the password changes (a fresh salt),
 * so a password change on any node makes the old entry unreachable at once without any signal between nodes. The
 * account row is still read on every login, so disabling or removing an account works at once too. Only a success
 * is ever stored, and a mismatch falls through to PBKDF2: a wrong password is never confirmed and guessing costs
 * what it did.
 */
final class VerifiedLogins {
    /** Long enough to cover a viewer's check sessions, short enough that a full derivation still runs every few minutes. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
    /** A few thousand accounts log in within a lifetime at most; past that the oldest entry goes. */
    static final int DEFAULT_CAPACITY = 4096;
    private static final String ALGORITHM = "HmacSHA256";

    private final Clock clock;
    private final Duration lifetime;
    private final int capacity;
    private final SecretKeySpec key;
    /** In insertion order, so the eldest entry is the one evicted; guarded by {@code this}. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > capacity;
        }
    };

    private record Entry(byte[] mac, Instant expires) {}

    VerifiedLogins(Clock clock) {
        this(clock, DEFAULT_LIFETIME, DEFAULT_CAPACITY);
    }

    VerifiedLogins(Clock clock, Duration lifetime, int capacity) {
        this.clock = clock;
        this.lifetime = lifetime;
        this.capacity = capacity;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /** True only when PBKDF2 confirmed this very password for this stored hash within the lifetime. */
    boolean confirms(String storedHash, String password) {
        byte[] mac = mac(password);
        Entry entry;
        synchronized (this) {
            entry = entries.get(storedHash);
            if (entry != null && !clock.instant().isBefore(entry.expires())) {
                entries.remove(storedHash);
                entry = null;
            }
        }
        return entry != null && MessageDigest.isEqual(entry.mac(), mac);
    }

    /** Remembers a password PBKDF2 has just confirmed; the lifetime counts from now, not from the last hit. */
    void remember(String storedHash, String password) {
        Entry entry = new Entry(mac(password), clock.instant().plus(lifetime));
        synchronized (this) {
            entries.remove(storedHash);
            entries.put(storedHash, entry);
        }
    }

    synchronized int size() {
        return entries.size();
    }

    private byte[] mac(String password) {
        try {
            // A Mac is not thread-safe; a fresh one per login costs microseconds.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is missing from this JDK", e);
        }
    }
}
