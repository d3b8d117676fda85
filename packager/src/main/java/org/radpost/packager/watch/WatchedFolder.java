package org.radpost.packager.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.radpost.wire.StudyUid;
import org.radpost.wire.dicom.DicomFileException;
import org.radpost.wire.dicom.DicomHeaderReader;
import org.radpost.wire.internal.DurableFiles;
import org.radpost.packager.outbox.OutboxPackager;
import org.radpost.packager.outbox.PackagingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A drop folder for DICOM files. A file counts once it is stable (same size and time for {@code stableFor};
 * names ending in {@code .part} or {@code .tmp} and hidden files are still being written). Files are
 * grouped by study; when a study has had no new file for the quiet period it is packaged into the outbox
 * and its files move to {@code sent/<study UID>/}. A bad file moves to {@code failed/} with a
 * {@code .reason.txt} beside it. After a restart the files still in the folder are simply found again.
 */
public final class WatchedFolder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchedFolder.class);
    public static final String SENT = "sent";
    public static final String FAILED = "failed";

    private final Path folder;
    private final Duration quietPeriod;
    private final Duration stableFor;
    private final OutboxPackager packager;
    private final Clock clock;
    private final DicomHeaderReader reader = new DicomHeaderReader();
    private final Map<Path, Sighting> sightings = new HashMap<>();
    private final Map<StudyUid, PendingStudy> pending = new LinkedHashMap<>();
    private final Set<Path> assigned = new HashSet<>();
    private ScheduledExecutorService scheduler;

    public WatchedFolder(Path folder, Duration quietPeriod, Duration stableFor, OutboxPackager packager, Clock clock)
            throws IOException {
        this.folder = folder;
        this.quietPeriod = quietPeriod;
        this.stableFor = stableFor;
        this.packager = packager;
        this.clock = clock;
        Files.createDirectories(folder.resolve(SENT));
        Files.createDirectories(folder.resolve(FAILED));
    }

    public Path folder() {
        return folder;
    }

    /** Polls in the background every {@code interval} until closed; a failing poll is logged and tried again. */
    public synchronized void start(Duration interval) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "watch " + folder.getFileName());
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                poll();
            } catch (IOException | RuntimeException e) {
                LOG.error("watching {} failed this time; trying again: {}", folder, e.toString());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Looks at the folder once: notes new and changed files, groups stable ones, forwards quiet studies. */
    public synchronized PollResult poll() throws IOException {
        Instant now = clock.instant();
        List<PollResult.FailedFile> failed = new ArrayList<>();
        List<Path> present = candidates();
        sightings.keySet().retainAll(new HashSet<>(present));
        for (Path file : present) {
            if (assigned.contains(file) || !isStable(file, now)) {
                continue;
            }
            try {
                StudyUid study = reader.read(file).studyInstanceUid();
                pending.computeIfAbsent(study, k -> new PendingStudy()).add(file, now);
                assigned.add(file);
                sightings.remove(file);
            } catch (DicomFileException e) {
                failed.add(setAside(file, e.getMessage()));
            }
        }
        List<PackagingResult> forwarded = new ArrayList<>();
        for (Iterator<Map.Entry<StudyUid, PendingStudy>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<StudyUid, PendingStudy> entry = it.next();
            PendingStudy study = entry.getValue();
            if (Duration.between(study.lastActivity, now).compareTo(quietPeriod) < 0) {
                continue;
            }
            PackagingResult result = packager.pack(study.files);
            Set<Path> skipped = new HashSet<>();
            for (DicomFileException bad : result.scan().skipped()) {
                skipped.add(bad.file());
                failed.add(setAside(bad.file(), bad.getMessage()));
            }
            Path sent = folder.resolve(SENT).resolve(entry.getKey().value());
            Files.createDirectories(sent);
            for (Path file : study.files) {
                if (!skipped.contains(file) && Files.exists(file)) {
                    DurableFiles.move(file, unique(sent, file.getFileName().toString()));
                }
            }
            assigned.removeAll(study.files);
            it.remove();
            forwarded.add(result);
            LOG.info("study {} was quiet for {}: {} object(s) queued in {} message(s)", entry.getKey(), quietPeriod,
                    result.scan().objectCount(), result.queued().size());
        }
        return new PollResult(forwarded, failed);
    }

    /** Studies waiting for their quiet period, with how many files each has so far. */
    public synchronized Map<StudyUid, Integer> waiting() {
        Map<StudyUid, Integer> counts = new LinkedHashMap<>();
        pending.forEach((uid, study) -> counts.put(uid, study.files.size()));
        return counts;
    }

    private boolean isStable(Path file, Instant now) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
        Sighting seen = new Sighting(attributes.size(), attributes.lastModifiedTime().toMillis(), now);
        Sighting before = sightings.get(file);
        if (before == null || before.size != seen.size || before.modified != seen.modified) {
            sightings.put(file, seen);
            return stableFor.isZero();
        }
        return Duration.between(before.since, now).compareTo(stableFor) >= 0;
    }

    private List<Path> candidates() throws IOException {
        Path sent = folder.resolve(SENT);
        Path failedFolder = folder.resolve(FAILED);
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> !p.startsWith(sent) && !p.startsWith(failedFolder))
                    .filter(Files::isRegularFile)
                    .filter(p -> !hiddenOrPartial(folder.relativize(p)))
                    .sorted().toList();
        } catch (java.io.UncheckedIOException e) {
            // A file vanished while listing (moved by its writer): look again next time.
            return List.of();
        }
    }

    private static boolean hiddenOrPartial(Path relative) {
        for (Path name : relative) {
            if (name.toString().startsWith(".")) {
                return true;
            }
        }
        String file = relative.getFileName().toString();
        return file.endsWith(".part") || file.endsWith(".tmp");
    }

    private PollResult.FailedFile setAside(Path file, String reason) throws IOException {
        Path target = unique(folder.resolve(FAILED), file.getFileName().toString());
        if (!Files.exists(file)) {
            // Taken away by someone before it could be sent: note why, there is nothing to move.
            reason = reason + " (the file was removed from the watched folder)";
        } else {
            DurableFiles.move(file, target);
        }
        DurableFiles.write(target.resolveSibling(target.getFileName() + ".reason.txt"),
                (reason + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
        sightings.remove(file);
        LOG.warn("set aside {}: {}", file, reason);
        return new PollResult.FailedFile(target, reason);
    }

    private static Path unique(Path folder, String name) {
        Path target = folder.resolve(name);
        for (int i = 1; Files.exists(target); i++) {
            target = folder.resolve(name + "." + i);
        }
        return target;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private record Sighting(long size, long modified, Instant since) {}

    private static final class PendingStudy {
        private final List<Path> files = new ArrayList<>();
        private Instant lastActivity;

        void add(Path file, Instant now) {
            files.add(file);
            lastActivity = now;
        }
    }
}
