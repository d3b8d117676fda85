package org.radpost.datacenter.deidentify;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.ShortStringAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;
import org.radpost.datacenter.IntakeStep;
import org.radpost.datacenter.StageResult;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.directory.Viewer;
import org.radpost.datacenter.index.Indexer;
import org.radpost.datacenter.index.Instance;
import org.radpost.datacenter.index.Patient;
import org.radpost.datacenter.index.Study;
import org.radpost.datacenter.spool.Arrival;
import org.radpost.datacenter.spool.Spool;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.wire.ObjectType;
import org.radpost.wire.RejectReason;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.ScanResult;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.read.MessageReader;
import org.radpost.wire.read.PartInfo;
import org.radpost.wire.read.ReadMessage;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptEntry;

/**
 * Re-identify (what a de-identified viewer sends back), before Index results: each overlay and report gets the
 * real patient and the original UIDs again, and the spooled message is replaced by one re-packaged from those
 * objects (same Message-ID and place in its batch), so everything after it (index, route, archive, the center's
 * mailbox) sees only the original study; its viewed and reported receipts name the original study again. A result
 * naming UIDs the data center never gave out is refused. What other viewers send passes unchanged.
 */
public final class ReidentifyStep implements IntakeStep.InTransaction {
    private final Directory directory;
    private final Spool spool;
    private final Reidentifier reidentifier;

    public ReidentifyStep(Directory directory, Spool spool, Reidentifier reidentifier) {
        this.directory = directory;
        this.spool = spool;
        this.reidentifier = reidentifier;
    }

    @Override
    public String name() {
        return "reidentify";
    }

    @Override
    public StageResult run(Session session, Arrival arrival) throws IOException {
        ReadMessage message = arrival.message();
        if (!fromDeidentifiedViewer(arrival)) {
            return StageResult.next();
        }
        if (!message.type().isDicom()) {
            return message.receipt().map(r -> receipt(arrival, message, r)).orElse(StageResult.next());
        }
        String pseudonymousStudy = message.studyUid().value();
        Optional<Study> study = reidentifier.originalOf(pseudonymousStudy).flatMap(uid -> Indexer.studyByUid(session, uid));
        if (study.isEmpty()) {
            return unknown(message, List.of(pseudonymousStudy));
        }
        Path folder = arrival.work().orElseThrow().resolve("reidentified");
        Path objects = Files.createDirectories(folder.resolve("objects"));
        List<String> unknown = new ArrayList<>();
        try {
            AttributeList identity = originalIdentity(session, study.get());
            for (int i = 0; i < message.objects().size(); i++) {
                ReidentifyOutcome outcome = reidentifier.reidentify(message.objects().get(i).file(), identity,
                        objects.resolve(i + ".dcm"));
                if (outcome instanceof ReidentifyOutcome.UnknownUids u) {
                    u.uids().stream().filter(uid -> !unknown.contains(uid)).forEach(unknown::add);
                }
            }
        } catch (DicomException e) {
            throw new IOException("cannot re-identify the results of message " + message.messageId() + ": " + e.getMessage(), e);
        }
        if (!unknown.isEmpty()) {
            return unknown(message, unknown);
        }
        replaceMessage(arrival, message, objects, folder);
        return StageResult.next(TrackingState.REIDENTIFIED, message.objects().size() + " " + message.type().token()
                + "(s) from " + arrival.sender() + " carry the patient and the original UIDs again");
    }

    /**
     * A viewed or reported receipt names the pseudonymous study and images: it goes on naming the originals, so it
     * is recorded against the original study and passed on to its center. (The spooled receipt is not forwarded;
     * the center's notice is written by the data center from these values.) A receipt about a study the map does
     * not know goes on unchanged and finds nothing to pass on.
     */
    private StageResult receipt(Arrival arrival, ReadMessage message, Receipt receipt) {
        Optional<String> study = reidentifier.originalOf(receipt.studyUid().value());
        if (study.isEmpty()) {
            return StageResult.next();
        }
        List<ReceiptEntry> objects = receipt.objects().stream().map(e -> new ReceiptEntry(e.type(),
                reidentifier.originalOf(e.sopInstanceUid().value()).map(SopInstanceUid::of).orElse(e.sopInstanceUid()),
                e.reasonCode(), e.reason())).toList();
        Receipt original = new Receipt(receipt.status(), receipt.from(), receipt.to(), StudyUid.of(study.get()),
                receipt.originalMessageId(), receipt.reason(), receipt.explanation(), objects, receipt.at(),
                receipt.finalRecipient(), receipt.references());
        arrival.unpacked(new ReadMessage(message.messageId(), message.from(), message.to(), message.type(), original.studyUid(),
                message.priority(), message.part(), message.objects(), Optional.of(original), message.priorFor()));
        return StageResult.next(TrackingState.REIDENTIFIED, "receipt '" + receipt.status().token() + "' from "
                + arrival.sender() + " names the original study and objects again");
    }

    private boolean fromDeidentifiedViewer(Arrival arrival) {
        return directory.viewerByAddress(arrival.sender()).map(Viewer::accessLevel).orElse(AccessLevel.FULL)
                == AccessLevel.DEIDENTIFIED;
    }

    /** The patient and study identification of the original study: an original image's header, or the index rows. */
    private static AttributeList originalIdentity(Session session, Study study) throws IOException, DicomException {
        Optional<Path> image = session.createSelectionQuery(
                        "from Instance where studyId = :s and objectType = :t order by id", Instance.class)
                .setParameter("s", study.id()).setParameter("t", ObjectType.IMAGE).setMaxResults(1)
                .uniqueResultOptional().map(i -> Path.of(i.filePath())).filter(Files::isRegularFile);
        AttributeList list = new AttributeList();
        if (image.isPresent()) {
            list.read(image.get().toString(), TagFromName.PixelData);
            return list;
        }
        // The spooled objects are gone after spool retention; the index still names patient and accession.
        Patient patient = session.find(Patient.class, study.patientRef());
        put(list, new PersonNameAttribute(TagFromName.PatientName), patient == null ? "" : patient.patientName());
        put(list, new LongStringAttribute(TagFromName.PatientID), patient == null ? "" : patient.patientId());
        put(list, new ShortStringAttribute(TagFromName.AccessionNumber), study.accessionNumber());
        return list;
    }

    /** Re-packages the re-identified objects, spools that message durably, and makes it the one the intake goes on with. */
    private void replaceMessage(Arrival arrival, ReadMessage message, Path objects, Path folder) throws IOException {
        ScanResult scanned = new StudyScanner().scan(List.of(objects));
        if (!scanned.skipped().isEmpty() || scanned.studies().size() != 1) {
            throw new IOException("the re-identified objects of message " + message.messageId() + " do not form one study: "
                    + scanned.skipped());
        }
        var batch = scanned.studies().get(0);
        PartInfo part = message.part();
        Path eml = folder.resolve("message.eml");
        new MessageWriter().writePart(new Addressing(message.from(), message.to().get(0), message.priority()), batch.studyUid(),
                Math.max(part.totalObjects(), batch.objects().size()),
                new MessageWriter.PartOf(part.batchId(), part.number(), part.count()), batch.objects(), eml);
        Path spooled;
        try (InputStream in = Files.newInputStream(eml)) {
            spooled = spool.write(in, Long.MAX_VALUE);
        } catch (Spool.TooLargeException e) {
            throw new IllegalStateException("no size cap applies to a re-identified message", e);
        }
        ReadMessage reidentified;
        try (InputStream in = Files.newInputStream(spooled)) {
            reidentified = new MessageReader().read(in, Files.createDirectories(folder.resolve("read")));
        } catch (org.radpost.wire.read.WireFormatException e) {
            Spool.deleteQuietly(spooled);
            throw new IOException("the re-packaged message " + message.messageId() + " does not read back: " + e.getMessage(), e);
        }
        if (!reidentified.messageId().equals(message.messageId())) {
            Spool.deleteQuietly(spooled);
            throw new IOException("re-packaging message " + message.messageId() + " gave it the Message-ID "
                    + reidentified.messageId() + "; it must keep its own so a resend is recognised");
        }
        Path pseudonymous = arrival.spooled().orElseThrow();
        arrival.spooled(spooled);
        arrival.unpacked(reidentified);
        Files.deleteIfExists(pseudonymous); // the mapping never leaves the data center, nor does a copy that needs it
    }

    private static StageResult unknown(ReadMessage message, List<String> uids) {
        List<ReceiptEntry> entries = message.objects().stream().map(o -> ReceiptEntry.of(o.type(), o.sopInstanceUid())).toList();
        return new StageResult.Reject(RejectReason.UNKNOWN_DEIDENTIFIED_UID, "the " + message.type().token() + " names "
                + String.join(", ", uids) + ", which no de-identified copy from this data center carried; refer only to"
                + " the study, series and images as you received them", message.messageId(), entries);
    }

    private static void put(AttributeList list, com.pixelmed.dicom.Attribute attribute, String value) throws DicomException {
        if (value != null && !value.isEmpty()) {
            attribute.addValue(value);
        }
        list.put(attribute);
    }
}
