package org.radpost.wire.build;

import org.radpost.wire.RejectReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.radpost.wire.DicomSummary;
import org.radpost.wire.Sha256;
import org.radpost.wire.StudyUid;
import org.radpost.wire.dicom.DicomFileException;
import org.radpost.wire.dicom.DicomHeaderReader;

/**
 * Reads the files and folders given, groups the DICOM objects by study, and lists every file it had to
 * skip with the reason; one bad file never stops the rest of the batch.
 */
public final class StudyScanner {
    private final DicomHeaderReader reader = new DicomHeaderReader();

    public ScanResult scan(List<Path> filesOrFolders) {
        Map<StudyUid, List<PackagedObject>> studies = new LinkedHashMap<>();
        Map<String, Path> seen = new LinkedHashMap<>();
        List<DicomFileException> skipped = new ArrayList<>();
        for (Path file : expand(filesOrFolders)) {
            try {
                DicomSummary summary = reader.read(file);
                Path earlier = seen.putIfAbsent(summary.sopInstanceUid().value(), file);
                if (earlier != null) {
                    skipped.add(new DicomFileException(file, RejectReason.INVALID_UID,
                            "same SOP Instance UID " + summary.sopInstanceUid() + " as " + earlier + "; sent once"));
                    continue;
                }
                PackagedObject object = new PackagedObject(file, summary, Sha256.of(file), Files.size(file));
                studies.computeIfAbsent(summary.studyInstanceUid(), k -> new ArrayList<>()).add(object);
            } catch (DicomFileException e) {
                skipped.add(e);
            } catch (IOException e) {
                skipped.add(new DicomFileException(file, RejectReason.UNREADABLE_DICOM, e.getMessage(), e));
            }
        }
        List<StudyBatch> batches = new ArrayList<>();
        studies.forEach((uid, objects) -> {
            objects.sort(Comparator.comparing((PackagedObject o) -> number(o.summary().seriesNumber()))
                    .thenComparing(o -> o.summary().seriesInstanceUid())
                    .thenComparing(o -> number(o.summary().instanceNumber()))
                    .thenComparing(o -> o.summary().sopInstanceUid()));
            batches.add(new StudyBatch(uid, objects));
        });
        return new ScanResult(batches, skipped);
    }

    private static List<Path> expand(List<Path> filesOrFolders) {
        List<Path> files = new ArrayList<>();
        for (Path path : filesOrFolders) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                            .sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list folder " + path, e);
                }
            } else {
                files.add(path);
            }
        }
        return files;
    }

    private static long number(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
