package org.radpost.packager.prune;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.radpost.wire.ObjectType;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;
import org.radpost.wire.internal.DurableFiles;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptEntry;
import org.radpost.wire.receipt.ReceiptStatus;

/**
 * The center's durable record of the receipts it has received: one properties file per study
 * ({@code <study UID>.properties}) holding, per SOP Instance UID, when each status was last reported. Each write
 * replaces the file atomically with fsync, under a file lock so the daemon and a command can both record.
 * Recording the same receipt twice changes nothing. Reads always come from disk, so another process's writes
 * are seen.
 */
public final class ReceiptLedger {
    private static final String SUFFIX = ".properties";
    private static final String OBJECT = "object.";
    private static final String STUDY = "study.";
    private static final String REASON = ".reason";
    private static final String TYPE = ".type";
    /** The statuses a technologist must act on; the others need no reason kept. */
    private static final java.util.Set<ReceiptStatus> NEEDS_REASON = java.util.EnumSet.of(ReceiptStatus.REJECTED,
            ReceiptStatus.QUARANTINED, ReceiptStatus.RESEND_REQUESTED);

    private final Path folder;

    private ReceiptLedger(Path folder) {
        this.folder = folder;
    }

    /** Opens (creating if needed) the ledger kept in the folder. */
    public static ReceiptLedger open(Path folder) throws IOException {
        Files.createDirectories(folder);
        return new ReceiptLedger(folder);
    }

    public Path folder() {
        return folder;
    }

    /** Records a receipt durably; returns once its study file is fsynced. */
    public void record(Receipt receipt) throws IOException {
        try (FileChannel lockFile = FileChannel.open(folder.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            Path file = fileOf(receipt.studyUid());
            Properties values = load(file);
            String token = receipt.status().token();
            String receiptReason = join(receipt.reason(), receipt.explanation());
            if (receipt.objects().isEmpty()) {
                put(values, STUDY + token, receipt.at(), receiptReason, receipt.status());
            }
            for (ReceiptEntry entry : receipt.objects()) {
                String key = OBJECT + entry.sopInstanceUid().value();
                values.setProperty(key + TYPE, entry.type().token());
                String reason = entry.reasonCode().isEmpty() && entry.reason().isEmpty() ? receiptReason
                        : join(entry.reasonCode(), entry.reason());
                put(values, key + "." + token, receipt.at(), reason, receipt.status());
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            values.store(new java.io.OutputStreamWriter(bytes, StandardCharsets.UTF_8), "RadPost receipts of study "
                    + receipt.studyUid());
            DurableFiles.write(file, bytes.toByteArray());
        }
    }

    /** The study's receipts, if any were recorded. */
    public Optional<StudyReceipts> study(StudyUid studyUid) throws IOException {
        Path file = fileOf(studyUid);
        return Files.exists(file) ? Optional.of(parse(studyUid, load(file))) : Optional.empty();
    }

    /** Every study in the ledger, in UID order. */
    public List<StudyReceipts> studies() throws IOException {
        List<StudyReceipts> studies = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                String name = file.getFileName().toString();
                studies.add(parse(StudyUid.of(name.substring(0, name.length() - SUFFIX.length())), load(file)));
            }
        }
        return studies;
    }

    /** A snapshot of every archived object: SOP Instance UID to the study it was archived in and when. */
    public Map<SopInstanceUid, Archived> archived() throws IOException {
        Map<SopInstanceUid, Archived> archived = new HashMap<>();
        for (StudyReceipts study : studies()) {
            for (ObjectReceipts object : study.objects().values()) {
                object.archivedAt().ifPresent(at -> archived.put(object.sopInstanceUid(), new Archived(study.studyUid(), at)));
            }
        }
        return archived;
    }

    /** Where and when an object was archived, according to its archive receipt. */
    public record Archived(StudyUid studyUid, Instant at) {}

    private Path fileOf(StudyUid studyUid) {
        // Study UIDs are digits and dots (checked by StudyUid), so they are safe file names.
        return folder.resolve(studyUid.value() + SUFFIX);
    }

    /** Keeps the latest time per status: an older receipt arriving late does not move it back. */
    private static void put(Properties values, String key, Instant at, String reason, ReceiptStatus status) {
        Instant known = instant(values.getProperty(key));
        if (known == null || !at.isBefore(known)) {
            values.setProperty(key, at.toString());
            if (!reason.isEmpty() && NEEDS_REASON.contains(status)) {
                values.setProperty(key + REASON, reason);
            }
        }
    }

    private static StudyReceipts parse(StudyUid studyUid, Properties values) {
        Map<String, Map<ReceiptStatus, Instant>> statuses = new TreeMap<>();
        Map<String, Map<ReceiptStatus, String>> reasons = new HashMap<>();
        Map<String, ObjectType> types = new HashMap<>();
        Map<ReceiptStatus, Instant> studyStatuses = new EnumMap<>(ReceiptStatus.class);
        Map<ReceiptStatus, String> studyReasons = new EnumMap<>(ReceiptStatus.class);
        for (String key : values.stringPropertyNames()) {
            String value = values.getProperty(key);
            if (key.startsWith(STUDY)) {
                putParsed(key.substring(STUDY.length()), value, studyStatuses, studyReasons);
            } else if (key.startsWith(OBJECT)) {
                // A UID is digits and dots; the status (and ".reason"/".type") follow as the first part with a letter.
                String rest = key.substring(OBJECT.length());
                int split = firstWordPart(rest);
                if (split <= 0) {
                    continue;
                }
                String uid = rest.substring(0, split - 1);
                String field = rest.substring(split);
                if (field.equals(TYPE.substring(1))) {
                    ObjectType.fromToken(value).ifPresent(t -> types.put(uid, t));
                } else {
                    putParsed(field, value, statuses.computeIfAbsent(uid, u -> new EnumMap<>(ReceiptStatus.class)),
                            reasons.computeIfAbsent(uid, u -> new EnumMap<>(ReceiptStatus.class)));
                }
            }
        }
        Map<SopInstanceUid, ObjectReceipts> objects = new TreeMap<>();
        statuses.forEach((uid, s) -> objects.put(SopInstanceUid.of(uid), new ObjectReceipts(SopInstanceUid.of(uid),
                types.getOrDefault(uid, ObjectType.IMAGE), s, reasons.getOrDefault(uid, Map.of()))));
        return new StudyReceipts(studyUid, objects, studyStatuses, studyReasons);
    }

    private static void putParsed(String field, String value, Map<ReceiptStatus, Instant> statuses,
                                  Map<ReceiptStatus, String> reasons) {
        boolean reason = field.endsWith(REASON);
        String token = reason ? field.substring(0, field.length() - REASON.length()) : field;
        ReceiptStatus.fromToken(token).ifPresent(status -> {
            if (reason) {
                reasons.put(status, value);
            } else {
                Instant at = instant(value);
                if (at != null) {
                    statuses.put(status, at);
                }
            }
        });
    }

    private static int firstWordPart(String key) {
        int start = 0;
        while (start < key.length()) {
            int end = key.indexOf('.', start);
            String part = key.substring(start, end < 0 ? key.length() : end);
            if (part.chars().anyMatch(Character::isLetter)) {
                return start;
            }
            if (end < 0) {
                return -1;
            }
            start = end + 1;
        }
        return -1;
    }

    private static Instant instant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String join(String code, String sentence) {
        if (code.isEmpty()) {
            return sentence;
        }
        return sentence.isEmpty() ? code : code + ": " + sentence;
    }

    private static Properties load(Path file) throws IOException {
        Properties values = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                values.load(in);
            } catch (IllegalArgumentException e) {
                throw new IOException("the receipt ledger file " + file + " is damaged: " + e.getMessage()
                        + " (restore it from a backup or delete it; receipts fetched again are recorded anew)", e);
            }
        }
        return values;
    }
}
