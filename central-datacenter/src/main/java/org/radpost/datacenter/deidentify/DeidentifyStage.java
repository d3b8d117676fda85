package org.radpost.datacenter.deidentify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;
import org.radpost.datacenter.Stage;
import org.radpost.datacenter.StageResult;
import org.radpost.datacenter.deliver.Delivery;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.directory.Viewer;
import org.radpost.datacenter.smime.DataCenterSmime;
import org.radpost.datacenter.spool.MessageState;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.spool.Spool;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.read.MessageReader;
import org.radpost.wire.read.PartInfo;
import org.radpost.wire.read.ReadMessage;
import org.radpost.wire.read.ReceivedObject;

/**
 * Route → De-identify → Deliver: each delivery to a viewer whose access level is DEIDENTIFIED gets its own
 * de-identified copy of the message as its payload, in the same place of its batch; objects whose pixels may
 * show the patient's identity are withheld and the operator reads why in the study's timeline. Deliveries to
 * other viewers keep the spooled original.
 */
public final class DeidentifyStage implements Stage {
    private final Directory directory;
    private final Spool spool;
    private final Deidentifier deidentifier;
    private final DataCenterSmime smime;

    public DeidentifyStage(Directory directory, Spool spool, Deidentifier deidentifier, DataCenterSmime smime) {
        this.directory = directory;
        this.spool = spool;
        this.deidentifier = deidentifier;
        this.smime = smime;
    }

    @Override
    public MessageState state() {
        return MessageState.DEIDENTIFY;
    }

    @Override
    public StageResult run(Session session, ReceivedMessage message) throws Exception {
        List<Delivery> todo = session.createSelectionQuery(
                        "from Delivery where messageRef = :m and kind = :k order by id", Delivery.class)
                .setParameter("m", message.id()).setParameter("k", Delivery.Kind.STUDY).getResultList().stream()
                // Still the spooled original: a rerun after a crash redoes only what was not committed.
                .filter(d -> d.state() == Delivery.State.ROUTED && d.filePath().equals(message.spoolPath()))
                .filter(d -> directory.viewerByAddress(d.mailbox()).map(Viewer::accessLevel).orElse(AccessLevel.FULL)
                        == AccessLevel.DEIDENTIFIED)
                .toList();
        if (todo.isEmpty()) {
            return StageResult.next();
        }
        long centerId = directory.centerByAddress(message.sender()).orElseThrow(() -> new IllegalStateException(
                "message " + message.messageId() + " comes from " + message.sender() + ", which is no center")).id();
        Path work = spool.newWorkFolder();
        try {
            ReadMessage original;
            // The spool holds a sealed center's message as it arrived (encrypted): read the plain copy.
            try (InputStream in = Files.newInputStream(smime.plainCopy(Path.of(message.spoolPath()), work))) {
                original = new MessageReader().read(in, work);
            }
            StageResult.Continue result = StageResult.next();
            for (Delivery delivery : todo) {
                result = deidentifyFor(session, delivery, original, centerId, result);
            }
            return result;
        } finally {
            Spool.deleteQuietly(work);
        }
    }

    private StageResult.Continue deidentifyFor(Session session, Delivery delivery, ReadMessage original, long centerId,
                                               StageResult.Continue result) throws Exception {
        Path folder = spool.root().resolve("deidentified").resolve(delivery.popUid());
        Spool.deleteQuietly(folder);
        Path objects = Files.createDirectories(folder.resolve("objects"));
        List<String> withheld = new ArrayList<>();
        String pseudonym = "";
        for (ReceivedObject object : original.objects()) {
            DeidentifyOutcome outcome = deidentifier.deidentify(object.file(), centerId,
                    objects.resolve(object.sopInstanceUid().value() + ".dcm"));
            if (outcome instanceof DeidentifyOutcome.Withheld w) {
                withheld.add(w.reason());
            } else if (outcome instanceof DeidentifyOutcome.Deidentified d) {
                pseudonym = d.pseudonym();
            }
        }
        for (String reason : withheld) {
            result = result.and(TrackingState.WITHHELD, "for " + delivery.mailbox() + ": " + reason);
        }
        if (withheld.size() == original.objects().size()) {
            session.remove(delivery); // nothing left that this viewer may see
            Spool.deleteQuietly(folder);
            return result;
        }
        StudyBatch batch = new StudyScanner().scan(List.of(objects)).studies().get(0);
        PartInfo part = original.part();
        Path eml = folder.resolve("message.eml");
        new MessageWriter().writePart(new Addressing(original.from(), delivery.mailbox(), original.priority()),
                batch.studyUid(), Math.max(part.totalObjects(), batch.objects().size()),
                new MessageWriter.PartOf(part.batchId().isEmpty() ? delivery.popUid() : part.batchId(), part.number(), part.count()),
                batch.objects(), eml);
        Spool.deleteQuietly(objects); // the message holds the bytes now
        delivery.payload(eml, Files.size(eml));
        return result.and(TrackingState.DEIDENTIFIED, "for " + delivery.mailbox() + ": " + batch.objects().size()
                + " object(s) as patient " + pseudonym);
    }
}
