package org.radpost.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.radpost.archiver.ArchiveItem;
import org.radpost.archiver.Archiver;
import org.radpost.archiver.ArchiverConfig;
import org.radpost.archiver.restore.RestoreQuery;
import org.radpost.archiver.restore.RestoreReport;
import org.radpost.archiver.verify.VerifyReport;
import org.radpost.wire.Sha256;
import org.radpost.wire.dicom.DicomHeaderReader;
import org.radpost.testkit.SampleStudy;
import org.radpost.testkit.TestDatabases;
import org.radpost.schema.Database;
import org.radpost.schema.DatabaseConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints archive write, restore and verify throughput for one generated study (default 100 CT images of
 * 512x512x4 frames, about 200 MB), handed over as the data center does: one {@code archiveAll} call per message of
 * up to 20 MB (the wire format's default size cap), each with the SHA-256 check of every object, one fsync of the
 * volume and one commit of the batch's index rows.
 */
@Command(name = "archive-benchmark", mixinStandardHelpOptions = true,
        description = "Archives one generated study, restores it and verifies it, printing MB/s for each.")
public final class ArchiveBenchmark implements Callable<Integer> {
    @Option(names = "--images", defaultValue = "100", description = "images in the study (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--frames", defaultValue = "4", description = "frames of 512x512 16-bit pixels per image (default: ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--mariadb", description = "index in a scratch database on MariaDB at 127.0.0.1:3306 (root) instead of embedded H2")
    boolean mariadb;

    @Option(names = "--work", description = "scratch folder (default: a new temporary folder, deleted afterwards)")
    Path work;

    @Option(names = "--volume-cap", defaultValue = "1073741824", description = "volume cap in bytes (default: ${DEFAULT-VALUE})")
    long volumeCap;

    @Option(names = "--message-mb", defaultValue = "20", description = "objects per archive call: a message of this many MB (default: ${DEFAULT-VALUE}); 0: one object per call")
    int messageMb;

    @Option(names = "--results", description = "also append the figures as rows of the benchmark table to this folder's results.tsv")
    Path results;

    @Override
    public Integer call() throws Exception {
        Path folder = work != null ? Files.createDirectories(work) : Files.createTempDirectory("radpost-archive-bench");
        DatabaseConfig dbConfig = mariadb ? TestDatabases.freshMariaDb() : DatabaseConfig.embedded(folder.resolve("db"));
        try {
            System.out.printf("generating %d CT images of 512x512x%d...%n", images, frames);
            SampleStudy study = SampleStudy.ct().size(512, 512).frames(frames);
            List<Path> files = study.writeImages(folder.resolve("study"), images);
            long bytes = 0;
            List<ArchiveItem> items = new ArrayList<>();
            DicomHeaderReader reader = new DicomHeaderReader();
            for (Path f : files) {
                items.add(ArchiveItem.of("BENCH", reader.read(f), f, Sha256.of(f)));
                bytes += Files.size(f);
            }
            try (Database database = Database.open(dbConfig, Archiver.ENTITY_CLASSES)) {
                Archiver archiver = Archiver.open(database,
                        new ArchiverConfig(folder.resolve("archive"), volumeCap, "benchmark"), Clock.systemUTC());
                long t0 = System.nanoTime();
                List<List<ArchiveItem>> messages = messages(items);
                messages.forEach(archiver::archiveAll);
                double archiveSeconds = seconds(t0);

                long t1 = System.nanoTime();
                RestoreReport restored = archiver.restore(RestoreQuery.study(items.get(0).studyUid()),
                        folder.resolve("restored"), "benchmark");
                double restoreSeconds = seconds(t1);
                if (!restored.complete() || restored.restored().size() != items.size()) {
                    throw new IllegalStateException("restore incomplete: " + restored.failures());
                }
                long t2 = System.nanoTime();
                VerifyReport verified = archiver.verify();
                double verifySeconds = seconds(t2);

                System.out.printf(Locale.ROOT, "study: %d objects, %.1f MB; index on %s; volume cap %d MB%n",
                        items.size(), bytes / 1e6, mariadb ? "MariaDB" : "H2 (embedded)", volumeCap >> 20);
                System.out.printf(Locale.ROOT, "archive (%s):  %.2f s, %.1f MB/s, %.0f objects/s%n",
                        writeWhat(messages.size()), archiveSeconds, bytes / 1e6 / archiveSeconds, items.size() / archiveSeconds);
                System.out.printf(Locale.ROOT, "restore (seek + SHA-256 check per object):          %.2f s, %.1f MB/s%n",
                        restoreSeconds, bytes / 1e6 / restoreSeconds);
                System.out.printf(Locale.ROOT, "verify  (re-read and hash every volume):            %.2f s, %.1f MB/s, %s%n",
                        verifySeconds, verified.bytes() / 1e6 / verifySeconds, verified.clean() ? "clean" : verified.findings());
                if (results != null) {
                    List<ProcessPeak> peak = List.of(ProcessPeak.self("archiver", -1));
                    String conditions = String.format(Locale.ROOT, "%d objects in %d archive calls; index on %s; volume cap %d MB",
                            items.size(), messages.size(), mariadb ? "MariaDB" : "H2", volumeCap >> 20);
                    new Row("archive-write", "tape archive: write (" + writeWhat(messages.size()) + ")", archiveSeconds, bytes,
                            items.size(), "disk", "", peak, conditions).append(results);
                    new Row("archive-restore", "tape archive: restore (seek + SHA-256 check per object)", restoreSeconds, bytes,
                            items.size(), "", "", peak, conditions).append(results);
                }
            }
            return 0;
        } finally {
            if (mariadb) {
                TestDatabases.drop(dbConfig);
            }
            if (work == null) {
                deleteTree(folder);
            }
        }
    }

    /** The study cut into message-sized batches, as the data center hands them over (one object each with 0). */
    private List<List<ArchiveItem>> messages(List<ArchiveItem> items) throws IOException {
        List<List<ArchiveItem>> messages = new ArrayList<>();
        List<ArchiveItem> message = new ArrayList<>();
        long bytes = 0;
        for (ArchiveItem item : items) {
            long size = Files.size(item.file());
            if (!message.isEmpty() && bytes + size > messageMb * 1_000_000L) {
                messages.add(message);
                message = new ArrayList<>();
                bytes = 0;
            }
            message.add(item);
            bytes += size;
        }
        if (!message.isEmpty()) {
            messages.add(message);
        }
        return messages;
    }

    private String writeWhat(int calls) {
        return messageMb <= 0 ? "SHA-256 check + fsync + commit per object"
                : "SHA-256 check per object, one fsync + commit per " + messageMb + " MB message, " + calls + " calls";
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.deleteIfExists(p);
            }
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ArchiveBenchmark()).execute(args));
    }
}
