package org.radpost.wire.build;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.radpost.wire.ObjectType;
import org.radpost.wire.StudyUid;
import org.radpost.wire.WireHeaders;
import org.radpost.wire.internal.DurableFiles;
import org.radpost.wire.internal.FixedIdMimeMessage;

/**
 * Writes a study as RadPost messages (docs/wire-format.md): one {@code .eml} file per part, each under the
 * size cap, each object an {@code application/dicom} part streamed from its file. A study over the cap is
 * split into parts "k/n" that all carry the batch's total object count.
 */
public final class MessageWriter {
    /** 20 MB per message, the guide's default. */
    public static final long DEFAULT_SIZE_CAP = 20L * 1024 * 1024;

    private final long sizeCap;
    private final Session session = Session.getInstance(new Properties());

    public MessageWriter(long sizeCapBytes) {
        if (sizeCapBytes < 64 * 1024) {
            throw new IllegalArgumentException("a size cap of " + sizeCapBytes + " bytes is too small; use at least 64 KB");
        }
        this.sizeCap = sizeCapBytes;
    }

    public MessageWriter() {
        this(DEFAULT_SIZE_CAP);
    }

    /** Writes the study's messages into the folder and returns them in part order. */
    public List<Path> write(Addressing addressing, StudyBatch study, Path outDir) throws IOException {
        return write(addressing, study, outDir, UUID.randomUUID().toString());
    }

    /** As {@link #write(Addressing, StudyBatch, Path)} with a chosen batch ID (examples and tests). */
    public List<Path> write(Addressing addressing, StudyBatch study, Path outDir, String batchId) throws IOException {
        List<List<PackagedObject>> parts = split(study.objects());
        Files.createDirectories(outDir);
        List<Path> written = new ArrayList<>();
        for (int k = 1; k <= parts.size(); k++) {
            Path file = outDir.resolve(batchId + "-part" + k + "of" + parts.size() + ".eml");
            writePart(addressing, study.studyUid(), study.objects().size(), new PartOf(batchId, k, parts.size()), parts.get(k - 1), file);
            written.add(file);
        }
        return written;
    }

    /** Splits in order, starting a new part when the next object would pass the cap; a huge object travels alone. */
    List<List<PackagedObject>> split(List<PackagedObject> objects) {
        List<List<PackagedObject>> parts = new ArrayList<>();
        List<PackagedObject> current = new ArrayList<>();
        long currentSize = 0;
        for (PackagedObject object : objects) {
            if (!current.isEmpty() && currentSize + object.encodedSize() > sizeCap) {
                parts.add(current);
                current = new ArrayList<>();
                currentSize = 0;
            }
            current.add(object);
            currentSize += object.encodedSize();
        }
        parts.add(current);
        return parts;
    }

    /** Where a part sits in its batch: part {@code k} of {@code n}. */
    public record PartOf(String batchId, int k, int n) {}

    /**
     * Writes one part of a batch whose other parts are written elsewhere: a part re-packaged after its objects
     * were transformed (de-identified), keeping its place in the batch and the batch's total object count.
     */
    public void writePart(Addressing addressing, StudyUid studyUid, int totalObjects, PartOf part,
                          List<PackagedObject> objects, Path file) throws IOException {
        String batchId = part.batchId();
        int k = part.k();
        int n = part.n();
        ObjectType type = messageType(objects);
        try {
            String domain = addressing.from().substring(addressing.from().indexOf('@') + 1);
            FixedIdMimeMessage message = new FixedIdMimeMessage(session, "<" + batchId + "." + k + "of" + n + "@" + domain + ">");
            message.setFrom(new InternetAddress(addressing.from()));
            message.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(addressing.to()));
            message.setSentDate(new Date());
            message.setSubject("RadPost " + type.token() + " study " + studyUid + " part " + k + "/" + n
                    + " (" + objects.size() + " of " + totalObjects + " objects)", "US-ASCII");
            message.setHeader(WireHeaders.VERSION, WireHeaders.CURRENT_VERSION);
            message.setHeader(WireHeaders.OBJECT_TYPE, type.token());
            message.setHeader(WireHeaders.STUDY_UID, studyUid.value());
            message.setHeader(WireHeaders.PRIORITY, addressing.priority().token());
            message.setHeader(WireHeaders.PART, k + "/" + n);
            message.setHeader(WireHeaders.OBJECT_COUNT, Integer.toString(totalObjects));
            message.setHeader(WireHeaders.BATCH_ID, batchId);
            for (PackagedObject object : objects) {
                message.addHeader(WireHeaders.OBJECT, ObjectHeader.format(object));
            }
            MimeMultipart multipart = new MimeMultipart("mixed");
            MimeBodyPart note = new MimeBodyPart();
            note.setText("This RadPost message carries " + objects.size() + " DICOM object(s) of study "
                    + studyUid + ", part " + k + " of " + n + " (" + totalObjects
                    + " objects in all).\r\nOpen it with a RadPost viewer agent; the objects are attached as application/dicom.\r\n",
                    "US-ASCII");
            multipart.addBodyPart(note);
            for (PackagedObject object : objects) {
                multipart.addBodyPart(dicomPart(object));
            }
            message.setContent(multipart);
            message.saveChanges();
            writeDurably(message, file);
        } catch (MessagingException e) {
            throw new IOException("could not write part " + k + "/" + n + " of study " + studyUid + ": " + e.getMessage(), e);
        }
    }

    private static ObjectType messageType(List<PackagedObject> objects) {
        ObjectType first = objects.get(0).summary().objectType();
        boolean mixed = objects.stream().anyMatch(o -> o.summary().objectType() != first);
        // A batch mixing images with overlays or reports is labelled by its images; each part names its own type.
        return mixed ? ObjectType.IMAGE : first;
    }

    private static MimeBodyPart dicomPart(PackagedObject object) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        // The DataHandler reads the file only while the message is written: nothing is held in memory.
        part.setDataHandler(new DataHandler(new FileDataSource(object.file().toFile())));
        String uid = object.summary().sopInstanceUid().value();
        part.setHeader("Content-Type", "application/dicom");
        part.setHeader("Content-Transfer-Encoding", "base64");
        part.setHeader("Content-Disposition", "attachment; filename=\"" + uid + ".dcm\"");
        part.setHeader(WireHeaders.OBJECT_TYPE, object.summary().objectType().token());
        part.setHeader(WireHeaders.PART_SOP_INSTANCE_UID, uid);
        object.summary().referencedSopInstanceUid().ifPresent(ref ->
                setHeader(part, WireHeaders.PART_REFERENCED_SOP_INSTANCE_UID, ref.value()));
        part.setHeader(WireHeaders.PART_SHA256, object.sha256().hex());
        return part;
    }

    private static void setHeader(MimeBodyPart part, String name, String value) {
        try {
            part.setHeader(name, value);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes to a temporary file, fsyncs, then renames, so a crash never leaves half a message behind. */
    static void writeDurably(jakarta.mail.internet.MimeMessage message, Path file) throws IOException {
        DurableFiles.write(file, out -> {
            try {
                message.writeTo(out);
            } catch (MessagingException e) {
                throw new IOException("could not write " + file.getFileName() + ": " + e.getMessage(), e);
            }
        });
    }
}
