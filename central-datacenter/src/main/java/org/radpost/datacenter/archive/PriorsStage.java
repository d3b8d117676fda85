package org.radpost.datacenter.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.Session;
import org.radpost.archiver.ArchiveRecord;
import org.radpost.archiver.Archiver;
import org.radpost.archiver.restore.RestoreReport;
import org.radpost.datacenter.Stage;
import org.radpost.datacenter.StageResult;
import org.radpost.datacenter.deliver.Delivery;
import org.radpost.datacenter.directory.Center;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.index.Indexer;
import org.radpost.datacenter.index.Patient;
import org.radpost.datacenter.index.Study;
import org.radpost.datacenter.smime.DataCenterSmime;
import org.radpost.datacenter.spool.MessageState;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.spool.Spool;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.wire.ObjectType;
import org.radpost.wire.StudyUid;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.ScanResult;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;

/**
 * When a center's new study arrives, restores the patient's earlier studies from that center out of the lifetime
 * archive and queues them for the same viewer, each message marked {@value #PRIOR_FOR_HEADER}: the new study's
 * UID, so the radiologist can compare. A prior study goes to a viewer as a prior once.
 */
public final class PriorsStage implements Stage {
    public static final int DEFAULT_MAX_STUDIES = 2;
    /** Marks a message as carrying a prior; the value is the UID of the new study it accompanies. */
    public static final String PRIOR_FOR_HEADER = org.radpost.wire.WireHeaders.PRIOR_FOR;
    private static final String ACTOR = "datacenter:priors";

    private final Archiver archiver;
    private final DataCenterSmime smime;
    private final Directory directory;
    private final Spool spool;
    private final String dataCenterAddress;
    private final int maxStudies;
    private final Set<String> modalities;
    private final Clock clock;

    /**
     * {@code maxStudies} prior studies at most; only {@code modalities} (all when empty). A viewer whose S/MIME
     * certificate the directory holds gets them signed by the data center and encrypted to it ({@code smime}).
     */
    public PriorsStage(Archiver archiver, DataCenterSmime smime, Directory directory, Spool spool, String dataCenterAddress,
                       int maxStudies, Set<String> modalities, Clock clock) {
        if (maxStudies < 0) {
            throw new IllegalArgumentException("the number of prior studies to send cannot be negative, got " + maxStudies);
        }
        this.archiver = archiver;
        this.smime = smime;
        this.directory = directory;
        this.spool = spool;
        this.dataCenterAddress = dataCenterAddress;
        this.maxStudies = maxStudies;
        this.modalities = modalities.stream().map(m -> m.strip().toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.clock = clock;
    }

    @Override
    public MessageState state() {
        return MessageState.PRIORS;
    }

    @Override
    public StageResult run(Session session, ReceivedMessage message) throws IOException {
        // Only the first message of a new image study brings priors: later parts and results would repeat them.
        if (message.partNumber() != 1 || message.objectType() != ObjectType.IMAGE) {
            return StageResult.next(TrackingState.PRIORS_CHECKED, "no priors looked up: not the first image message of a study");
        }
        Center center = directory.centerByAddress(message.account()).orElse(null);
        Study study = Indexer.studyByUid(session, message.studyUid().value()).orElse(null);
        List<String> viewers = viewersOf(session, message);
        if (center == null || viewers.isEmpty() || study == null) {
            return StageResult.next(TrackingState.PRIORS_CHECKED, "no priors looked up: not a study from a center to a viewer");
        }
        String patientId = session.find(Patient.class, study.patientRef()).patientId();
        List<String> details = new ArrayList<>();
        for (String mailbox : viewers) {
            Map<String, List<ArchiveRecord>> priors = byStudy(archiver.priorsFor(patientId, center.code(),
                    message.studyUid(), maxStudies, modalities));
            priors.keySet().removeIf(prior -> alreadySentAsPrior(session, prior, mailbox));
            details.add(priors.isEmpty() ? "no prior studies to send to " + mailbox : send(session, message, mailbox, priors));
        }
        return StageResult.next(TrackingState.PRIORS_CHECKED, String.join("; ", details));
    }

    /** The viewers this message's study was routed to. */
    private static List<String> viewersOf(Session session, ReceivedMessage message) {
        return session.createSelectionQuery("select d.mailbox from Delivery d where d.messageRef = :m and d.kind = :k order by d.id",
                        String.class)
                .setParameter("m", message.id()).setParameter("k", Delivery.Kind.STUDY).getResultList().stream()
                .map(m -> m.toLowerCase(Locale.ROOT)).toList();
    }

    private String send(Session session, ReceivedMessage message, String mailbox, Map<String, List<ArchiveRecord>> priors)
            throws IOException {
        Path work = spool.newWorkFolder();
        try {
            return send(session, message, mailbox, priors, work);
        } finally {
            Spool.deleteQuietly(work);
        }
    }

    private String send(Session session, ReceivedMessage message, String mailbox, Map<String, List<ArchiveRecord>> priors,
                        Path work) throws IOException {
        RestoreReport restored = archiver.restore(priors.values().stream().flatMap(List::stream).toList(),
                work.resolve("restored"), ACTOR);
        Set<String> damaged = restored.failures().stream().map(f -> f.record().studyUid().value()).collect(Collectors.toSet());
        Addressing addressing = new Addressing(dataCenterAddress, mailbox, message.priority());
        List<String> sent = new ArrayList<>();
        for (String prior : priors.keySet()) {
            // A prior that cannot be restored whole is left out (verify names the damage); the new study goes on.
            if (damaged.contains(prior)) {
                continue;
            }
            ScanResult scan = new StudyScanner().scan(List.of(work.resolve("restored").resolve(prior)));
            for (StudyBatch batch : scan.studies()) {
                for (Path eml : new MessageWriter().write(addressing, batch, work.resolve("out"))) {
                    Path marked = markAsPrior(eml, message.studyUid().value(), work.resolve("marked-" + eml.getFileName()));
                    Path queued = spool.mailbox(mailbox).resolve(spool.fileName(".eml"));
                    smime.intoMailbox(marked, mailbox, queued, work);
                    session.persist(new Delivery(UUID.randomUUID().toString(), mailbox, StudyUid.of(prior), Delivery.Kind.PRIOR,
                            message.id(), queued.toString(), Files.size(queued), message.priority(), clock.instant()));
                }
            }
            sent.add(prior + " (" + priors.get(prior).size() + " objects)");
        }
        return "prior studies restored and queued for " + mailbox + ": " + (sent.isEmpty() ? "none" : String.join(", ", sent))
                + (damaged.isEmpty() ? "" : "; not restorable, left out: " + String.join(", ", damaged));
    }

    /** Whether the study already went to the mailbox as a prior of some other study (its own delivery does not count). */
    private static boolean alreadySentAsPrior(Session session, String prior, String mailbox) {
        return session.createSelectionQuery("select count(*) from Delivery d where d.studyUid = :p and d.mailbox = :m"
                        + " and d.messageRef in (select m.id from ReceivedMessage m where m.studyUid <> :p)", Long.class)
                .setParameter("p", StudyUid.of(prior)).setParameter("m", mailbox).getSingleResult() > 0;
    }

    private static Map<String, List<ArchiveRecord>> byStudy(List<ArchiveRecord> records) {
        Map<String, List<ArchiveRecord>> byStudy = new LinkedHashMap<>();
        records.forEach(r -> byStudy.computeIfAbsent(r.studyUid().value(), k -> new ArrayList<>()).add(r));
        return byStudy;
    }

    /**
     * Copies the message, streaming, to {@code target} in the work folder with the prior marker as its first header
     * line (RFC 5322 lets header fields come in any order; an envelope header, so it stays readable outside the
     * S/MIME envelope), and returns it. {@link DataCenterSmime#intoMailbox} puts it in the mailbox.
     */
    static Path markAsPrior(Path eml, String newStudyUid, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW);
             InputStream in = Files.newInputStream(eml)) {
            out.write((PRIOR_FOR_HEADER + ": " + StudyUid.of(newStudyUid).value() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            in.transferTo(out);
        }
        return target;
    }
}
