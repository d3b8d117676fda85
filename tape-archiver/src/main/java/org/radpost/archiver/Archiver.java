package org.radpost.archiver;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hibernate.SessionFactory;
import org.radpost.archiver.index.ArchiveIndex;
import org.radpost.archiver.index.ArchivedObjectRow;
import org.radpost.archiver.index.AuditEvent;
import org.radpost.archiver.index.AuditLog;
import org.radpost.archiver.index.AuditRow;
import org.radpost.archiver.index.ShelfRow;
import org.radpost.archiver.index.VolumeRow;
import org.radpost.archiver.restore.RestoreQuery;
import org.radpost.archiver.restore.RestoreReport;
import org.radpost.archiver.restore.Restorer;
import org.radpost.archiver.retention.CenterPolicies;
import org.radpost.archiver.retention.CenterPolicyRow;
import org.radpost.archiver.retention.ExpiryNoticeRow;
import org.radpost.archiver.retention.ExpiryNotices;
import org.radpost.archiver.retention.HoldRow;
import org.radpost.archiver.retention.Holds;
import org.radpost.archiver.retention.Retention;
import org.radpost.archiver.retention.RetentionRuleRow;
import org.radpost.archiver.retention.RetentionRules;
import org.radpost.archiver.retention.RetentionSweep;
import org.radpost.archiver.verify.VerifyReport;
import org.radpost.archiver.verify.VolumeVerifier;
import org.radpost.archiver.volume.Compactor;
import org.radpost.archiver.volume.ShelfLock;
import org.radpost.archiver.volume.VolumeAppender;
import org.radpost.archiver.volume.VolumeInfo;
import org.radpost.archiver.volume.VolumePaths;
import org.radpost.archiver.volume.Volumes;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;
import org.radpost.schema.Database;

/**
 * The lifetime archive the data center embeds: {@link #archive} and {@link #archiveAll} return only once the
 * objects are fsynced into a TAR volume and their index rows committed (then the center may be sent its archive receipt); the rest finds,
 * restores, verifies and expires what was archived. Safe for concurrent callers and for several nodes sharing
 * one database and one archive root.
 */
public final class Archiver {
    /** The entity classes to pass to {@link Database#open} (together with the data center's own). */
    public static final List<Class<?>> ENTITY_CLASSES = List.of(ShelfRow.class, VolumeRow.class,
            ArchivedObjectRow.class, AuditRow.class, RetentionRuleRow.class, CenterPolicyRow.class, HoldRow.class,
            ExpiryNoticeRow.class);

    private final SessionFactory sessions;
    private final ArchiverConfig config;
    private final VolumeAppender appender;
    private final Volumes volumes;
    private final Restorer restorer;
    private final VolumeVerifier verifier;
    private final Retention retention;
    private final Priors priors;

    private Archiver(SessionFactory sessions, ArchiverConfig config, Clock clock) {
        this.sessions = sessions;
        this.config = config;
        VolumePaths paths = new VolumePaths(config.root());
        AuditLog audit = new AuditLog(clock);
        ShelfLock shelves = new ShelfLock(sessions);
        RetentionRules rules = new RetentionRules(sessions, clock, audit);
        this.appender = new VolumeAppender(sessions, config, clock, shelves, audit, rules);
        this.volumes = new Volumes(sessions, paths, clock, shelves, audit);
        this.restorer = new Restorer(sessions, paths, audit);
        this.verifier = new VolumeVerifier(sessions, paths, shelves);
        Compactor compactor = new Compactor(sessions, paths, clock, audit);
        this.retention = new Retention(rules, new CenterPolicies(sessions, clock, audit), new Holds(sessions, clock, audit),
                new ExpiryNotices(sessions, clock, audit),
                new RetentionSweep(sessions, clock, audit, volumes, compactor));
        this.priors = new Priors(sessions);
    }

    /**
     * Opens the archive over a database opened with {@link #ENTITY_CLASSES}, checks the root folder, and
     * recovers any open volume a crash left with a partial entry. All dates and times come from {@code clock}.
     */
    public static Archiver open(Database database, ArchiverConfig config, Clock clock) {
        config.check();
        Archiver archiver = new Archiver(database.sessionFactory(), config, clock);
        archiver.volumes.recoverAll(config.actor());
        return archiver;
    }

    /**
     * Archives one object durably and idempotently: the same SOP Instance UID with the same SHA-256 returns the
     * existing record; a different SHA-256 replaces the old copy. Throws {@link ArchiveException} when the file
     * is missing, does not hash to {@code item.sha256()}, or a volume cannot be written; the archive is then unchanged.
     */
    public ArchiveRecord archive(ArchiveItem item) {
        return appender.archive(item);
    }

    /**
     * Archives many objects (a message's) as {@link #archive} does one, returning their records in order: per
     * center and modality one fsync of the volume and one commit for up to 256 MB of objects. A failing item
     * fails its whole group (nothing of it is indexed, the volume is cut back) with an {@link ArchiveException};
     * groups committed before it stay archived, so a retry with the same items finds them and archives the rest.
     */
    public List<ArchiveRecord> archiveAll(List<ArchiveItem> items) {
        return appender.archiveAll(items);
    }

    public Optional<ArchiveRecord> find(SopInstanceUid sopInstanceUid) {
        return sessions.fromTransaction(s -> ArchiveIndex.live(s, sopInstanceUid.value()).map(ArchivedObjectRow::toRecord));
    }

    public List<ArchiveRecord> findByStudy(StudyUid study) {
        return liveWhere(RestoreQuery.Kind.STUDY.field(), study.value());
    }

    public List<ArchiveRecord> findByAccession(String accessionNumber) {
        return liveWhere(RestoreQuery.Kind.ACCESSION.field(), accessionNumber);
    }

    public List<ArchiveRecord> findByPatient(String patientId) {
        return liveWhere(RestoreQuery.Kind.PATIENT.field(), patientId);
    }

    public List<ArchiveRecord> find(RestoreQuery query) {
        return liveWhere(query.kind().field(), query.value());
    }

    /**
     * The objects of the patient's other studies from the same center, newest study first, at most
     * {@code maxStudies} studies, only the given modalities (all when empty): priors to deliver with a new study.
     */
    public List<ArchiveRecord> priorsFor(String patientId, String centerCode, StudyUid excludeStudyUid, int maxStudies,
                                         Set<String> modalities) {
        return priors.find(patientId, centerCode, excludeStudyUid, maxStudies, modalities);
    }

    /** Restores what the query finds into {@code folder}/study UID/SOP Instance UID.dcm, checking every SHA-256. */
    public RestoreReport restore(RestoreQuery query, Path folder, String actor) {
        return restorer.restore(find(query), folder, actor);
    }

    /** Restores the given records (for example priors) the same way. */
    public RestoreReport restore(List<ArchiveRecord> records, Path folder, String actor) {
        return restorer.restore(records, folder, actor);
    }

    /** The same, reporting each object's size to {@code progress} as it is written. */
    public RestoreReport restore(List<ArchiveRecord> records, Path folder, String actor,
                                 java.util.function.LongConsumer progress) {
        return restorer.restore(records, folder, actor, progress);
    }

    /** Re-reads every open and sealed volume and reports each damaged entry. */
    public VerifyReport verify() {
        List<VolumeInfo> all = volumes.list();
        return verifier.verify(all).withStrayFiles(verifier.strayFiles(all));
    }

    public VerifyReport verify(long volumeId) {
        return verifier.verify(volumes.find(volumeId).stream().toList());
    }

    public List<VolumeInfo> volumes() {
        return volumes.list();
    }

    /** Seals an open volume before it reaches the cap (for example before taking a tape offline). */
    public boolean seal(long volumeId, String actor) {
        return volumes.sealOpen(volumeId, actor);
    }

    public Retention retention() {
        return retention;
    }

    public List<AuditEvent> audit(StudyUid study) {
        return AuditLog.forStudy(sessions, study.value());
    }

    public List<AuditEvent> latestAudit(int limit) {
        return AuditLog.latest(sessions, limit);
    }

    private List<ArchiveRecord> liveWhere(String field, String value) {
        return sessions.fromTransaction(s -> ArchiveIndex.liveWhere(s, field, value).stream()
                .map(ArchivedObjectRow::toRecord).toList());
    }

    public ArchiverConfig config() {
        return config;
    }
}
