package org.radpost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.ScanResult;
import org.radpost.wire.build.StudyScanner;
import org.radpost.testkit.SampleStudy;

/**
 * Packaging throughput and peak heap: generates a CT study (512x512 images, about 0.5 MB each), then scans it
 * (headers + SHA-256) and writes its messages under the 20 MB cap into a local folder. The messages and their
 * order stay in the work folder for {@link IngestBench}.
 * Usage: {@code java -Xmx256m -cp ... org.radpost.bench.PackagingBench <work folder> [images, default 400]}.
 */
public final class PackagingBench {
    private PackagingBench() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        Path study = work.resolve("study");
        Path sink = work.resolve("messages");
        Bench.deleteTree(study);
        Bench.deleteTree(sink);

        long g0 = System.nanoTime();
        SampleStudy.ct().size(512, 512).writeImages(study, images);
        long dicomBytes = Bench.sizeOf(study);
        Bench.say("generated %d CT images of 512x512, %.1f MB, in %.1f s", images, Bench.mb(dicomBytes), Bench.seconds(g0, System.nanoTime()));

        HeapWatch heap = HeapWatch.start();
        long t0 = System.nanoTime();
        ScanResult scan = new StudyScanner().scan(List.of(study));
        long t1 = System.nanoTime();
        if (scan.studies().size() != 1 || !scan.skipped().isEmpty()) {
            throw new IllegalStateException("expected one study and no skipped files, got " + scan.studies().size()
                    + " studies and " + scan.skipped().size() + " skipped");
        }
        List<Path> messages = new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP).write(
                new Addressing(Bench.CENTER, Bench.VIEWER, Priority.ROUTINE), scan.studies().get(0), sink);
        long t2 = System.nanoTime();
        HeapWatch.Peak peak = heap.stop();
        Files.write(work.resolve("messages.txt"), messages.stream().map(Path::toString).toList());

        long messageBytes = Bench.sizeOf(sink);
        double mb = Bench.mb(dicomBytes);
        String conditions = String.format("%d CT images 512x512, %.1f MB DICOM -> %d messages (20 MB cap), %.1f MB of mail; %s",
                images, mb, messages.size(), Bench.mb(messageBytes), Bench.machine());
        Bench.result(work, "1. packaging: scan (headers+SHA-256)", String.format("%.1f MB/s (%.1f s)", mb / Bench.seconds(t0, t1),
                Bench.seconds(t0, t1)), conditions);
        Bench.result(work, "1. packaging: write messages (fsync)", String.format("%.1f MB/s (%.1f s)", mb / Bench.seconds(t1, t2),
                Bench.seconds(t1, t2)), conditions);
        Bench.result(work, "1. packaging: end to end", String.format("%.1f MB/s (%.1f s)", mb / Bench.seconds(t0, t2),
                Bench.seconds(t0, t2)), conditions);
        Bench.result(work, "1. packaging: peak heap", peak.describe(), "during scan + write; " + Bench.machine());
    }
}
