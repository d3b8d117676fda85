package org.radpost.wire.read;

import org.radpost.wire.RejectReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.io.MaxHeaderLengthLimitException;
import org.apache.james.mime4j.io.MaxHeaderLimitException;
import org.apache.james.mime4j.io.MaxLineLimitException;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.MimeConfig;
import org.radpost.wire.DicomSummary;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Priority;
import org.radpost.wire.Sha256;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;
import org.radpost.wire.WireHeaders;
import org.radpost.wire.dicom.DicomFileException;
import org.radpost.wire.dicom.DicomHeaderReader;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.tls.OwnerOnly;

/**
 * Reads a RadPost message with Mime4j's streaming parser: DICOM parts go straight to files in the work
 * folder while their SHA-256 is computed; then every header is checked against what is inside the objects.
 * A message that fails is refused with every defect found, and the files it left are removed.
 */
public final class MessageReader {
    /** Explicit limits (Mime4j's lenient defaults lift them): long lines, many headers, big headers are refused. */
    public static MimeConfig limits() {
        return new MimeConfig.Builder()
                .setMaxLineLen(10_000)
                .setMaxHeaderCount(20_000)
                .setMaxHeaderLen(64 * 1024)
                .setMaxContentLen(-1) // bodies stream to disk; the SMTP server enforces the message size cap
                .setStrictParsing(false)
                .build();
    }

    private final DicomHeaderReader dicomReader = new DicomHeaderReader();

    /** Parses and checks one message; the objects' files are left in {@code workDir} for the caller. */
    public ReadMessage read(InputStream message, Path workDir) throws WireFormatException, IOException {
        OwnerOnly.folder(workDir); // the objects are written here: patient data
        MimeCollector collector = new MimeCollector(workDir);
        MimeStreamParser parser = new MimeStreamParser(limits());
        parser.setContentDecoding(true);
        parser.setContentHandler(collector);
        try {
            parser.parse(message);
            try {
                return check(collector);
            } catch (WireFormatException e) {
                throw e.studyUidHeader(collector.top().header(WireHeaders.STUDY_UID).orElse(""))
                        .messageIdHeader(collector.top().header("Message-ID").orElse(""));
            }
        } catch (MaxLineLimitException | MaxHeaderLimitException | MaxHeaderLengthLimitException e) {
            cleanUp(collector);
            throw new WireFormatException(RejectReason.LIMIT_EXCEEDED, e.getMessage());
        } catch (MimeException e) {
            cleanUp(collector);
            boolean limit = e.getCause() instanceof MaxLineLimitException || e.getCause() instanceof MaxHeaderLimitException
                    || e.getCause() instanceof MaxHeaderLengthLimitException;
            throw new WireFormatException(limit ? RejectReason.LIMIT_EXCEEDED : RejectReason.MALFORMED_MIME, e.getMessage());
        } catch (WireFormatException | IOException | RuntimeException e) {
            cleanUp(collector);
            throw e;
        }
    }

    private ReadMessage check(MimeCollector collector) throws WireFormatException {
        if (collector.entities.isEmpty()) {
            throw new WireFormatException(RejectReason.MALFORMED_MIME, "the message is empty");
        }
        MimeEntity top = collector.top();
        String version = top.header(WireHeaders.VERSION).orElseThrow(() -> new WireFormatException(
                RejectReason.NOT_RADPOST, "it has no " + WireHeaders.VERSION + " header"));
        if (!WireHeaders.CURRENT_VERSION.equals(version)) {
            throw new WireFormatException(RejectReason.UNSUPPORTED_VERSION,
                    WireHeaders.VERSION + " is '" + version + "'; this server reads version " + WireHeaders.CURRENT_VERSION);
        }
        String typeToken = required(top, WireHeaders.OBJECT_TYPE);
        ObjectType type = ObjectType.fromToken(typeToken).orElseThrow(() -> new WireFormatException(
                RejectReason.BAD_HEADER, WireHeaders.OBJECT_TYPE + " '" + typeToken + "' is no known object type"));
        StudyUid study = parse(WireHeaders.STUDY_UID, () -> StudyUid.of(required(top, WireHeaders.STUDY_UID)));
        String messageId = top.header("Message-ID").orElse("");
        String from = top.header("From").orElse("");
        List<String> to = top.headers("To");
        Priority priority = Priority.fromToken(top.header(WireHeaders.PRIORITY).orElse("routine"));
        if (!type.isDicom()) {
            Receipt receipt = ReceiptParser.parse(top, collector.entities, study);
            return new ReadMessage(messageId, from, to, type, study, priority, PartInfo.SINGLE, List.of(), Optional.of(receipt),
                    Optional.empty());
        }
        PartInfo part = partInfo(top);
        List<ReceivedObject> objects = checkObjects(top, collector.entities, study);
        if (objects.size() > part.totalObjects()) {
            throw new WireFormatException(RejectReason.BAD_HEADER, "the message carries " + objects.size()
                    + " objects but " + WireHeaders.OBJECT_COUNT + " says the batch has " + part.totalObjects());
        }
        Optional<StudyUid> priorFor = top.header(WireHeaders.PRIOR_FOR).isEmpty() ? Optional.empty()
                : Optional.of(parse(WireHeaders.PRIOR_FOR, () -> StudyUid.of(top.header(WireHeaders.PRIOR_FOR).get())));
        return new ReadMessage(messageId, from, to, type, study, priority, part, objects, Optional.empty(), priorFor);
    }

    private PartInfo partInfo(MimeEntity top) throws WireFormatException {
        String value = required(top, WireHeaders.PART);
        String[] kn = value.split("/");
        try {
            int k = Integer.parseInt(kn[0].trim());
            int n = Integer.parseInt(kn[1].trim());
            int total = Integer.parseInt(required(top, WireHeaders.OBJECT_COUNT).trim());
            if (kn.length != 2 || k < 1 || k > n || total < 1) {
                throw new NumberFormatException();
            }
            return new PartInfo(required(top, WireHeaders.BATCH_ID), k, n, total);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new WireFormatException(RejectReason.BAD_HEADER, WireHeaders.PART + " '" + value + "' and "
                    + WireHeaders.OBJECT_COUNT + " must read like '2/5' and a positive count");
        }
    }

    private List<ReceivedObject> checkObjects(MimeEntity top, List<MimeEntity> entities, StudyUid study)
            throws WireFormatException {
        Map<String, ObjectHeaderValue> announced = new LinkedHashMap<>();
        for (String value : top.headers(WireHeaders.OBJECT)) {
            ObjectHeaderValue object = ObjectHeaderValue.parse(value);
            announced.put(object.uid(), object);
        }
        if (announced.isEmpty()) {
            throw new WireFormatException(RejectReason.MISSING_HEADER, "no " + WireHeaders.OBJECT + " header names an object");
        }
        List<Defect> defects = new ArrayList<>();
        List<ReceivedObject> objects = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (MimeEntity part : entities) {
            if (!part.isDicom()) {
                continue;
            }
            Optional<ReceivedObject> object = checkPart(part, announced, study, defects);
            object.ifPresent(o -> {
                if (seen.put(o.sopInstanceUid().value(), true) != null) {
                    defects.add(new Defect(RejectReason.HEADER_MISMATCH, o.sopInstanceUid().value(), o.type(), "the object appears twice"));
                }
                objects.add(o);
            });
        }
        for (String uid : announced.keySet()) {
            if (!seen.containsKey(uid) && defects.stream().noneMatch(d -> d.uid().equals(uid))) {
                defects.add(new Defect(RejectReason.HEADER_MISMATCH, uid, announced.get(uid).type(),
                        "named in " + WireHeaders.OBJECT + " but no part carries it"));
            }
        }
        if (!defects.isEmpty()) {
            throw new WireFormatException(defects);
        }
        return objects;
    }

    private Optional<ReceivedObject> checkPart(MimeEntity part, Map<String, ObjectHeaderValue> announced,
                                               StudyUid study, List<Defect> defects) {
        String uid = part.header(WireHeaders.PART_SOP_INSTANCE_UID).orElse("");
        if (uid.isEmpty()) {
            defects.add(new Defect(RejectReason.MISSING_HEADER, "", "an application/dicom part has no " + WireHeaders.PART_SOP_INSTANCE_UID));
            return Optional.empty();
        }
        ObjectHeaderValue header = announced.get(uid);
        if (header == null) {
            defects.add(new Defect(RejectReason.HEADER_MISMATCH, uid, ObjectType.fromToken(part.header(WireHeaders.OBJECT_TYPE).orElse(""))
                    .orElse(null), "the part is not named in any " + WireHeaders.OBJECT + " header"));
            return Optional.empty();
        }
        String partSha = part.header(WireHeaders.PART_SHA256).orElse("");
        if (!partSha.equalsIgnoreCase(header.sha256())) {
            defects.add(new Defect(RejectReason.HEADER_MISMATCH, uid, header.type(), "the part's " + WireHeaders.PART_SHA256
                    + " differs from its " + WireHeaders.OBJECT + " header"));
            return Optional.empty();
        }
        if (!part.computedSha256.equalsIgnoreCase(header.sha256())) {
            defects.add(new Defect(RejectReason.CHECKSUM_MISMATCH, uid, header.type(), "received SHA-256 " + part.computedSha256
                    + ", the header says " + header.sha256()));
            return Optional.empty();
        }
        if (header.size() >= 0 && header.size() != part.bodySize) {
            defects.add(new Defect(RejectReason.HEADER_MISMATCH, uid, header.type(), "received " + part.bodySize + " bytes, the header says " + header.size()));
            return Optional.empty();
        }
        DicomSummary summary;
        try {
            summary = dicomReader.read(part.bodyFile);
        } catch (DicomFileException e) {
            defects.add(new Defect(e.reason(), uid, header.type(), e.getMessage().replace(part.bodyFile.getFileName().toString(), "the object")));
            return Optional.empty();
        }
        int before = defects.size();
        if (!summary.sopInstanceUid().value().equals(uid)) {
            defects.add(new Defect(RejectReason.UID_MISMATCH, uid, header.type(), "the header says SOP Instance UID " + uid
                    + " but the object's SOPInstanceUID is " + summary.sopInstanceUid()));
        }
        if (!summary.studyInstanceUid().equals(study)) {
            defects.add(new Defect(RejectReason.UID_MISMATCH, uid, header.type(), "the header says study " + study
                    + " but the object's StudyInstanceUID is " + summary.studyInstanceUid()));
        }
        if (summary.objectType() != header.type()) {
            defects.add(new Defect(RejectReason.TYPE_MISMATCH, uid, header.type(), "the header says " + header.type().token()
                    + " but the object's SOP class " + summary.sopClassUid() + " makes it " + summary.objectType().token()));
        }
        String partRef = part.header(WireHeaders.PART_REFERENCED_SOP_INSTANCE_UID).orElse("");
        String objectRef = summary.referencedSopInstanceUid().map(SopInstanceUid::value).orElse("");
        if (!objectRef.equals(header.ref()) || !objectRef.equals(partRef)) {
            defects.add(new Defect(RejectReason.UID_MISMATCH, uid, header.type(), "the headers name referenced image '" + header.ref()
                    + "' but the object references '" + objectRef + "'"));
        }
        if (defects.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ReceivedObject(summary.objectType(), summary.sopInstanceUid(),
                summary.referencedSopInstanceUid(), new Sha256(part.computedSha256.toLowerCase()), part.bodySize,
                part.bodyFile, summary));
    }

    private static String required(MimeEntity entity, String name) throws WireFormatException {
        return entity.header(name).filter(v -> !v.isBlank()).orElseThrow(() ->
                new WireFormatException(RejectReason.MISSING_HEADER, "the " + name + " header is missing"));
    }

    interface Parse<T> {
        T get() throws WireFormatException;
    }

    static <T> T parse(String header, Parse<T> parse) throws WireFormatException {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(RejectReason.BAD_HEADER, header + ": " + e.getMessage());
        }
    }

    private static void cleanUp(MimeCollector collector) {
        for (MimeEntity entity : collector.entities) {
            if (entity.bodyFile != null) {
                try {
                    Files.deleteIfExists(entity.bodyFile);
                } catch (IOException ignored) {
                    // a leftover temporary file in the work folder is harmless
                }
            }
        }
    }
}
