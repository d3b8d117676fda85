package org.radpost.datacenter.console;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.hibernate.SessionFactory;
import org.radpost.datacenter.directory.PasswordHash;

/** The console's users: added by an admin (or {@code datacenter add-user}), checked at sign-in against a PBKDF2 hash. */
public final class ConsoleUsers {
    /** Shorter passwords are refused: the console can release studies and change who receives them. */
    public static final int MIN_PASSWORD_LENGTH = 10;
    private static final String DUMMY_HASH = PasswordHash.hash("no-such-user".toCharArray());

    private final SessionFactory sessions;
    private final Clock clock;

    public ConsoleUsers(SessionFactory sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    public ConsoleUser add(String username, String password, Role role) {
        if (username == null || !username.matches("[A-Za-z0-9._@-]{2,64}")) {
            throw new IllegalArgumentException("user name '" + username + "' must be 2-64 letters, digits or . _ @ -");
        }
        if (find(username).isPresent()) {
            throw new IllegalArgumentException("a console user '" + username + "' exists already");
        }
        ConsoleUser user = new ConsoleUser(username, hash(password), role, clock.instant());
        sessions.inTransaction(s -> s.persist(user));
        return user;
    }

    /** The active user whose password matches; a missing user costs the same time as a wrong password. */
    public Optional<ConsoleUser> authenticate(String username, String password) {
        Optional<ConsoleUser> user = find(username);
        char[] given = password == null ? new char[0] : password.toCharArray();
        if (user.isEmpty()) {
            PasswordHash.verify(given, DUMMY_HASH);
            return Optional.empty();
        }
        if (!PasswordHash.verify(given, user.get().passwordHash()) || !user.get().active()) {
            return Optional.empty();
        }
        change(username, u -> u.loggedIn(clock.instant()));
        return user;
    }

    public Optional<ConsoleUser> find(String username) {
        if (username == null) {
            return Optional.empty();
        }
        return sessions.fromSession(s -> s.createSelectionQuery("from ConsoleUser where username = :u", ConsoleUser.class)
                .setParameter("u", username.trim()).uniqueResultOptional());
    }

    public List<ConsoleUser> all() {
        return sessions.fromSession(s -> s.createSelectionQuery("from ConsoleUser order by username", ConsoleUser.class).getResultList());
    }

    public void setPassword(String username, String password) {
        String hash = hash(password);
        change(username, u -> u.passwordHash(hash));
    }

    public void change(String username, Consumer<ConsoleUser> change) {
        ConsoleUser user = find(username).orElseThrow(() -> new IllegalArgumentException("no console user '" + username + "'"));
        sessions.inTransaction(s -> change.accept(s.find(ConsoleUser.class, user.id())));
    }

    private static String hash(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("a console password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        return PasswordHash.hash(password.toCharArray());
    }
}
