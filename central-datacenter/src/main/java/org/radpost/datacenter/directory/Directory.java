package org.radpost.datacenter.directory;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
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
    /** Successful verifications of the last minutes: a viewer's STAT check sessions log in about twice a second. */
    private final VerifiedLogins verified;
    private final LongAdder passwordHashChecks = new LongAdder();

    public Directory(SessionFactory sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
        this.verified = new VerifiedLogins(clock);
    }

    public Center addCenter(String code, String name, String address, String password) {
        requireNew(address);
        Center center = new Center(code, name, address, hashOf(password, address), clock.instant());
        sessions.inTransaction(s -> s.persist(center));
        return center;
    }

    public Viewer addViewer(String code, String name, String address, String password, AccessLevel accessLevel) {
        requireNew(address);
        Viewer viewer = new Viewer(code, name, address, hashOf(password, address), accessLevel, clock.instant());
        sessions.inTransaction(s -> s.persist(viewer));
        return viewer;
    }

    /** Lets the center send to the viewer: every modality when {@code modality} is null, else only that one. */
    public void authorize(String centerCode, String viewerCode, String modality) {
        Center center = requireCenter(centerCode);
        Viewer viewer = requireViewer(viewerCode);
        sessions.inTransaction(s -> s.persist(new RouteAuthorization(center.id(), viewer.id(), modality, clock.instant())));
    }

    /** Checks a login (the account's mail address or code, and its password). */
    @Override
    public Optional<Account> authenticate(String user, String password) {
        Optional<Center> center = centerByAddress(user).or(() -> centerByCode(user));
        if (center.isPresent()) {
            return center.filter(Center::active).filter(c -> passwordMatches(password, c.passwordHash()))
                    .map(c -> new Account(c.code(), Account.Kind.CENTER, Set.of(c.address())));
        }
        Optional<Viewer> viewer = viewerByAddress(user).or(() -> viewerByCode(user));
        if (viewer.isEmpty()) {
            derive(String.valueOf(password), DUMMY_HASH);
            return Optional.empty();
        }
        return viewer.filter(Viewer::active).filter(v -> passwordMatches(password, v.passwordHash()))
                .map(v -> new Account(v.code(), Account.Kind.VIEWER, Set.of(v.address())));
    }

    /** How many PBKDF2 derivations this directory has run for logins since it was made (the metrics show it). */
    public long passwordHashChecks() {
        return passwordHashChecks.sum();
    }

    /**
     * The row was just read, so this is its current hash: a fresh cached success for it and this password skips
     * PBKDF2; anything else derives, and a derived success is remembered.
     */
    private boolean passwordMatches(String password, String storedHash) {
        if (password == null) {
            return false;
        }
        if (verified.confirms(storedHash, password)) {
            return true;
        }
        boolean matches = derive(password, storedHash);
        if (matches) {
            verified.remember(storedHash, password);
        }
        return matches;
    }

    private boolean derive(String password, String storedHash) {
        passwordHashChecks.increment();
        return PasswordHash.verify(password.toCharArray(), storedHash);
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
        if (grants.stream().anyMatch(g -> g.modality() == null || g.modality().equalsIgnoreCase(modality))) {
            return true;
        }
        if (viewer.viewerGroup() == null) {
            return false;
        }
        List<GroupAuthorization> groupGrants = sessions.fromSession(s -> s.createSelectionQuery(
                        "from GroupAuthorization where centerId = :c and viewerGroup = :g", GroupAuthorization.class)
                .setParameter("c", center.id()).setParameter("g", viewer.viewerGroup()).getResultList());
        return groupGrants.stream().anyMatch(g -> g.modality() == null || g.modality().equalsIgnoreCase(modality));
    }

    /** The active viewers the center may send a study of this modality to: what an admin may release it to. */
    public List<Viewer> viewersFor(Center center, String modality) {
        return viewers().stream().filter(Viewer::active).filter(v -> isAuthorized(center, v, modality)).toList();
    }

    /** Lets the center send to every viewer of the group: every modality when {@code modality} is null, else only that one. */
    public void authorizeGroup(String centerCode, String group, String modality) {
        Center center = requireCenter(centerCode);
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("name the viewer group to authorize center " + centerCode + " for");
        }
        sessions.inTransaction(s -> s.persist(new GroupAuthorization(center.id(), group.trim(), modality, clock.instant())));
    }

    /** Every authorization, per center. */
    public List<Grant> grants() {
        List<Center> centers = centers();
        List<Viewer> viewers = viewers();
        java.util.function.Function<Long, String> centerCode = id -> centers.stream().filter(c -> c.id().equals(id))
                .map(Center::code).findFirst().orElse("#" + id);
        List<Grant> grants = new java.util.ArrayList<>();
        sessions.fromSession(s -> s.createSelectionQuery("from RouteAuthorization order by id", RouteAuthorization.class).getResultList())
                .forEach(g -> grants.add(new Grant(Long.toString(g.id()), centerCode.apply(g.centerId()),
                        viewers.stream().filter(v -> v.id().equals(g.viewerId())).map(Viewer::code).findFirst().orElse("#" + g.viewerId()),
                        null, g.modality())));
        sessions.fromSession(s -> s.createSelectionQuery("from GroupAuthorization order by id", GroupAuthorization.class).getResultList())
                .forEach(g -> grants.add(new Grant("g" + g.id(), centerCode.apply(g.centerId()), null, g.viewerGroup(), g.modality())));
        grants.sort(java.util.Comparator.comparing(Grant::centerCode).thenComparing(Grant::to));
        return grants;
    }

    /** Withdraws one authorization by the number {@link #grants()} shows. */
    public Grant revoke(String grantId) {
        Grant grant = grants().stream().filter(g -> g.id().equals(grantId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no authorization number " + grantId + "; 'datacenter authorizations' lists them"));
        Class<?> type = grantId.startsWith("g") ? GroupAuthorization.class : RouteAuthorization.class;
        long id = Long.parseLong(grantId.replace("g", ""));
        sessions.inTransaction(s -> s.remove(s.find(type, id)));
        return grant;
    }

    public void setCenterPassword(String code, String password) {
        String hash = hashOf(password, code);
        changeCenter(code, c -> c.passwordHash(hash));
    }

    public void setViewerPassword(String code, String password) {
        String hash = hashOf(password, code);
        changeViewer(code, v -> v.passwordHash(hash));
    }

    /** A disabled center can neither log in nor send; its studies and history stay. */
    public void setCenterActive(String code, boolean active) {
        changeCenter(code, c -> c.active(active));
    }

    /** A disabled viewer can neither log in nor be routed to; its mailbox and history stay. */
    public void setViewerActive(String code, boolean active) {
        changeViewer(code, v -> v.active(active));
    }

    public void changeCenter(String code, Consumer<Center> change) {
        Long id = requireCenter(code).id();
        sessions.inTransaction(s -> change.accept(s.find(Center.class, id)));
    }

    public void changeViewer(String code, Consumer<Viewer> change) {
        Long id = requireViewer(code).id();
        sessions.inTransaction(s -> change.accept(s.find(Viewer.class, id)));
    }

    /** Removes a center that never sent a study; one that did is kept for its history (disable it instead). */
    public void removeCenter(String code) {
        Center center = requireCenter(code);
        sessions.inTransaction(s -> {
            long studies = s.createSelectionQuery("select count(*) from Study where centerId = :c", Long.class)
                    .setParameter("c", center.id()).getSingleResult();
            if (studies > 0) {
                throw new IllegalArgumentException("center " + code + " has sent " + studies
                        + " studies, whose history must stay; disable it instead ('datacenter disable-center " + code + "')");
            }
            s.createMutationQuery("delete from RouteAuthorization where centerId = :c").setParameter("c", center.id()).executeUpdate();
            s.createMutationQuery("delete from GroupAuthorization where centerId = :c").setParameter("c", center.id()).executeUpdate();
            s.remove(s.find(Center.class, center.id()));
        });
    }

    /** Removes a viewer and its authorizations; studies already delivered keep their history. */
    public void removeViewer(String code) {
        Viewer viewer = requireViewer(code);
        sessions.inTransaction(s -> {
            s.createMutationQuery("delete from RouteAuthorization where viewerId = :v").setParameter("v", viewer.id()).executeUpdate();
            s.remove(s.find(Viewer.class, viewer.id()));
        });
    }

    public Center requireCenter(String code) {
        return centerByCode(code).orElseThrow(() -> new IllegalArgumentException("no center with code '" + code
                + "'; 'datacenter centers' lists them"));
    }

    public Viewer requireViewer(String code) {
        return viewerByCode(code).orElseThrow(() -> new IllegalArgumentException("no viewer with code '" + code
                + "'; 'datacenter viewers' lists them"));
    }

    /** Refuses an empty password: stored, it would be a login anyone can guess. */
    private static String hashOf(String password, String account) {
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("the password for " + account + " is empty; give a password");
        }
        return PasswordHash.hash(password.toCharArray(), HASH_ITERATIONS);
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
