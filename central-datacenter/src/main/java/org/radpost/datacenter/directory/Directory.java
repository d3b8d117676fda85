package org.radpost.datacenter.directory;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hibernate.SessionFactory;

/**
 * The directory of centers, viewers and authorizations. Every question is answered from the database at the
 * moment it is asked, so changes made by an admin take effect without a restart.
 */
public final class Directory implements Accounts {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Directory.class);
    /** Fewer PBKDF2 rounds than the library default: viewers log in on every poll, and 2 cores serve everyone. */
    private static final int HASH_ITERATIONS = 120_000;
    /** Checked for unknown users too, so a login takes as long whether or not the user exists. */
    private static final String DUMMY_HASH = PasswordHash.hash("no-such-user".toCharArray(), HASH_ITERATIONS);
    private final SessionFactory sessions;
    private final Clock clock;

    public Directory(SessionFactory sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    public Center addCenter(String code, String name, String address, String password) {
        requireNew(address);
        Center center = new Center(code, name, address, PasswordHash.hash(password.toCharArray(), HASH_ITERATIONS), clock.instant());
        sessions.inTransaction(s -> s.persist(center));
        return center;
    }

    public Viewer addViewer(String code, String name, String address, String password, AccessLevel accessLevel) {
        requireNew(address);
        Viewer viewer = new Viewer(code, name, address, PasswordHash.hash(password.toCharArray(), HASH_ITERATIONS), accessLevel, clock.instant());
        sessions.inTransaction(s -> s.persist(viewer));
        return viewer;
    }

    /** Lets the center send to the viewer: every modality when {@code modality} is null, else only that one. */
    public void authorize(String centerCode, String viewerCode, String modality) {
        Center center = centerByCode(centerCode).orElseThrow(() -> new IllegalArgumentException("no center with code '" + centerCode + "'"));
        Viewer viewer = viewerByCode(viewerCode).orElseThrow(() -> new IllegalArgumentException("no viewer with code '" + viewerCode + "'"));
        sessions.inTransaction(s -> s.persist(new RouteAuthorization(center.id(), viewer.id(), modality, clock.instant())));
    }

    /** Checks a login (the account's mail address or code, and its password). */
    @Override
    public Optional<Account> authenticate(String user, String password) {
        Optional<Center> center = centerByAddress(user).or(() -> centerByCode(user));
        if (center.isPresent()) {
            return center.filter(Center::active).filter(c -> password != null && PasswordHash.verify(password.toCharArray(), c.passwordHash()))
                    .map(c -> new Account(c.code(), Account.Kind.CENTER, Set.of(c.address())));
        }
        Optional<Viewer> viewer = viewerByAddress(user).or(() -> viewerByCode(user));
        if (viewer.isEmpty()) {
            PasswordHash.verify(String.valueOf(password).toCharArray(), DUMMY_HASH);
            return Optional.empty();
        }
        return viewer.filter(Viewer::active)
                .filter(v -> password != null && PasswordHash.verify(password.toCharArray(), v.passwordHash()))
                .map(v -> new Account(v.code(), Account.Kind.VIEWER, Set.of(v.address())));
    }

    /** One row in {@code auth_failure}; a database that is down costs a log line, never the login's reply. */
    @Override
    public void loginFailed(LoginFailure failure) {
        try {
            sessions.inTransaction(s -> s.createNativeMutationQuery("insert into auth_failure (protocol, peer_address,"
                            + " user_name, reason, at) values (:protocol, :peer, :user, :reason, :at)")
                    .setParameter("protocol", failure.protocol())
                    .setParameter("peer", failure.peerAddress())
                    .setParameter("user", failure.user())
                    .setParameter("reason", failure.reason().token())
                    .setParameter("at", java.sql.Timestamp.from(failure.at()))
                    .executeUpdate());
        } catch (RuntimeException e) {
            LOG.warn("could not audit the failed {} login for '{}' from {}: {}", failure.protocol(), failure.user(),
                    failure.peerAddress(), e.toString());
        }
    }

    /** The account whose mailbox an address names, if any. */
    public Optional<Account> accountByAddress(String address) {
        return centerByAddress(address).map(c -> new Account(c.code(), Account.Kind.CENTER, Set.of(c.address())))
                .or(() -> viewerByAddress(address).map(v -> new Account(v.code(), Account.Kind.VIEWER, Set.of(v.address()))));
    }

    /** The one mail address of an account from this directory (each center and viewer has exactly one). */
    public static String addressOf(Account account) {
        return account.addresses().iterator().next();
    }

    public boolean isAuthorized(Center center, Viewer viewer, String modality) {
        List<RouteAuthorization> grants = sessions.fromSession(s -> s.createSelectionQuery(
                        "from RouteAuthorization where centerId = :c and viewerId = :v", RouteAuthorization.class)
                .setParameter("c", center.id()).setParameter("v", viewer.id()).getResultList());
        return grants.stream().anyMatch(g -> g.modality() == null || g.modality().equalsIgnoreCase(modality));
    }

    /** The center with this row id (studies and patients refer to their center by it). */
    public Optional<Center> center(Long id) {
        return id == null ? Optional.empty() : Optional.ofNullable(sessions.fromSession(s -> s.find(Center.class, id)));
    }

    /** The viewer with this row id. */
    public Optional<Viewer> viewer(Long id) {
        return id == null ? Optional.empty() : Optional.ofNullable(sessions.fromSession(s -> s.find(Viewer.class, id)));
    }

    public Optional<Center> centerByAddress(String address) {
        return one(Center.class, "address", normal(address));
    }

    public Optional<Center> centerByCode(String code) {
        return one(Center.class, "code", code);
    }

    public Optional<Viewer> viewerByAddress(String address) {
        return one(Viewer.class, "address", normal(address));
    }

    public Optional<Viewer> viewerByCode(String code) {
        return one(Viewer.class, "code", code);
    }

    public List<Center> centers() {
        return sessions.fromSession(s -> s.createSelectionQuery("from Center order by code", Center.class).getResultList());
    }

    public List<Viewer> viewers() {
        return sessions.fromSession(s -> s.createSelectionQuery("from Viewer order by code", Viewer.class).getResultList());
    }

    private void requireNew(String address) {
        if (accountByAddress(address).isPresent()) {
            throw new IllegalArgumentException("the address " + address + " already belongs to a center or viewer");
        }
    }

    private <T> Optional<T> one(Class<T> type, String field, String value) {
        if (value == null) {
            return Optional.empty();
        }
        return sessions.fromSession(s -> s.createSelectionQuery("from " + type.getSimpleName() + " where " + field + " = :v", type)
                .setParameter("v", value).uniqueResultOptional());
    }

    private static String normal(String address) {
        return address == null ? null : address.trim().toLowerCase(Locale.ROOT);
    }
}
