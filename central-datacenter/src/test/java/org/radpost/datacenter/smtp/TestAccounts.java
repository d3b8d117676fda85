package org.radpost.datacenter.smtp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.radpost.datacenter.directory.Account;
import org.radpost.datacenter.directory.Accounts;
import org.radpost.datacenter.directory.LoginFailure;
import org.radpost.datacenter.directory.PasswordHash;

/** Accounts held in memory with PBKDF2 hashes, as the database-backed implementation holds them in rows. */
public final class TestAccounts implements Accounts {
    private record Entry(String hash, Account account) {
    }

    private final Map<String, Entry> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger checks = new AtomicInteger();
    private final List<LoginFailure> failures = new CopyOnWriteArrayList<>();

    public TestAccounts add(String user, String password, Account.Kind kind, String... addresses) {
        byUser.put(user, new Entry(PasswordHash.hash(password.toCharArray(), 1_000),
                new Account(user, kind, Set.of(addresses))));
        return this;
    }

    @Override
    public Optional<Account> authenticate(String user, String password) {
        checks.incrementAndGet();
        Entry entry = byUser.get(user);
        return entry != null && PasswordHash.verify(password.toCharArray(), entry.hash())
                ? Optional.of(entry.account()) : Optional.empty();
    }

    @Override
    public void loginFailed(LoginFailure failure) {
        failures.add(failure);
    }

    /** How many passwords were checked (hashed) so far. */
    public int checks() {
        return checks.get();
    }

    /** The refused logins audited so far. */
    public List<LoginFailure> failures() {
        return failures;
    }
}
