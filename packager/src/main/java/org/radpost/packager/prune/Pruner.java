package org.radpost.packager.prune;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.radpost.wire.DicomSummary;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;
import org.radpost.wire.dicom.DicomFileException;
import org.radpost.wire.dicom.DicomHeaderReader;
import org.radpost.wire.internal.DurableFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the center's local copies of sent DICOM objects, but only those whose archive receipt is in the
 * ledger: each file's SOP Instance UID is read from its own header and must be recorded as ARCHIVED (for the same
 * study). Anything else (no receipt yet, not DICOM, another study) is kept and the report says why.
 */
public final class Pruner {
    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);
    /** How the reason of an archived copy that could not be deleted begins. */
    public static final String NOT_DELETED = "archived, but could not be deleted";

    private final ReceiptLedger ledger;
    private final List<Path> folders;
    private final DicomHeaderReader reader = new DicomHeaderReader();

    /** @param folders where sent copies are kept (the watched folder's and the gateway's {@code sent/}) */
    public Pruner(ReceiptLedger ledger, List<Path> folders) {
        this.ledger = ledger;
        this.folders = List.copyOf(folders);
    }

    public List<Path> folders() {
        return folders;
    }

    /** Deletes every archived local copy; with {@code dryRun} only reports what it would delete. */
    public PruneReport prune(boolean dryRun) throws IOException {
        Survey survey = survey();
        List<KeptFile> kept = new ArrayList<>(survey.kept());
        List<PrunedFile> deleted = new ArrayList<>();
        for (PrunedFile candidate : survey.archived()) {
            if (dryRun || delete(candidate, kept)) {
                deleted.add(candidate);
            }
        }
        return new PruneReport(dryRun, deleted, kept, "");
    }

    /**
     * Deletes archived local copies study by study, the study archived longest ago first, until the disk use is
     * under the threshold; does nothing while it already is.
     */
    public PruneReport pruneUntilBelow(DiskUsage usage, double thresholdPercent) throws IOException {
        double used = usage.usedPercent();
        if (used < thresholdPercent) {
            return new PruneReport(false, List.of(), List.of(), String.format(Locale.ROOT,
                    "disk use %.1f%% is under the threshold %.0f%%; nothing pruned", used, thresholdPercent));
        }
        Survey survey = survey();
        List<KeptFile> kept = new ArrayList<>(survey.kept());
        List<PrunedFile> deleted = new ArrayList<>();
        List<List<PrunedFile>> studies = oldestFirst(survey.archived());
        int next = 0;
        while (next < studies.size() && used >= thresholdPercent) {
            for (PrunedFile candidate : studies.get(next++)) {
                if (delete(candidate, kept)) {
                    deleted.add(candidate);
                }
            }
            used = usage.usedPercent();
        }
        for (List<PrunedFile> study : studies.subList(next, studies.size())) {
            for (PrunedFile file : study) {
                kept.add(new KeptFile(file.file(), "archived at " + file.archivedAt() + "; not needed, disk use is under the threshold"));
            }
        }
        String note = String.format(Locale.ROOT, "disk use now %.1f%% (threshold %.0f%%)%s", used, thresholdPercent,
                used >= thresholdPercent ? "; no archived copies are left to prune, the rest awaits archive receipts" : "");
        return new PruneReport(false, deleted, kept, note);
    }

    private record Survey(List<PrunedFile> archived, List<KeptFile> kept) {}

    /** Reads every local file's header and sorts it into archived (deletable) and kept (with the reason). */
    private Survey survey() throws IOException {
        Map<SopInstanceUid, ReceiptLedger.Archived> archived = ledger.archived();
        Map<SopInstanceUid, ObjectReceipts> known = new HashMap<>();
        for (StudyReceipts study : ledger.studies()) {
            known.putAll(study.objects());
        }
        List<PrunedFile> deletable = new ArrayList<>();
        List<KeptFile> kept = new ArrayList<>();
        for (Path file : localFiles()) {
            DicomSummary summary;
            try {
                summary = reader.read(file);
            } catch (DicomFileException e) {
                kept.add(new KeptFile(file, "not a readable DICOM file, so it cannot be matched to a receipt: " + e.getMessage()));
                continue;
            }
            SopInstanceUid sop = summary.sopInstanceUid();
            ReceiptLedger.Archived receipt = archived.get(sop);
            if (receipt == null) {
                ObjectReceipts object = known.get(sop);
                kept.add(new KeptFile(file, "no archive receipt yet for " + sop
                        + (object == null ? " (no receipt at all)" : object.latest().map(s -> " (latest: " + s.token() + ")").orElse(""))));
            } else if (!receipt.studyUid().equals(summary.studyInstanceUid())) {
                kept.add(new KeptFile(file, "the archive receipt for " + sop + " names study " + receipt.studyUid()
                        + " but the file belongs to study " + summary.studyInstanceUid()));
            } else {
                deletable.add(new PrunedFile(file, summary.studyInstanceUid(), sop, receipt.at(), Files.size(file)));
            }
        }
        return new Survey(deletable, kept);
    }

    private List<Path> localFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(folder)) {
                walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".tmp")).sorted()
                        .forEach(files::add);
            }
        }
        return files;
    }

    private static List<List<PrunedFile>> oldestFirst(List<PrunedFile> archived) {
        Map<StudyUid, List<PrunedFile>> byStudy = new LinkedHashMap<>();
        archived.forEach(f -> byStudy.computeIfAbsent(f.studyUid(), s -> new ArrayList<>()).add(f));
        Comparator<List<PrunedFile>> byLastArchive = Comparator.comparing(
                study -> study.stream().map(PrunedFile::archivedAt).max(Instant::compareTo).orElseThrow());
        return byStudy.values().stream().sorted(byLastArchive).toList();
    }

    private boolean delete(PrunedFile candidate, List<KeptFile> kept) {
        try {
            DurableFiles.delete(candidate.file());
            removeEmptyFolders(candidate.file().getParent());
            LOG.info("pruned {} ({} of study {}, archived at {})", candidate.file(), candidate.sopInstanceUid(),
                    candidate.studyUid(), candidate.archivedAt());
            return true;
        } catch (IOException e) {
            kept.add(new KeptFile(candidate.file(), NOT_DELETED + ": " + e));
            return false;
        }
    }

    /** Removes the study folders left empty, never the configured folders themselves. */
    private void removeEmptyFolders(Path folder) throws IOException {
        Path current = folder;
        while (current != null && isBelowAFolder(current)) {
            try {
                Files.deleteIfExists(current);
            } catch (DirectoryNotEmptyException e) {
                return;
            }
            current = current.getParent();
        }
    }

    private boolean isBelowAFolder(Path path) {
        return folders.stream().anyMatch(root -> path.startsWith(root) && !path.equals(root));
    }
}
