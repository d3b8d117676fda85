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
        Files.writeString(work.resolve("study-uid.txt"), scan.studies().get(0).studyUid().value());
        double mb = Bench.mb(dicomBytes);
        String conditions = String.format("%d CT images 512x512 -> %d messages (20 MB cap), %.1f MB of mail; scan %.1f MB/s "
                + "(headers + SHA-256), write %.1f MB/s (base64 + fsync); -Xmx%.0fm", images, messages.size(), Bench.mb(messageBytes),
                mb / Bench.seconds(t0, t1), mb / Bench.seconds(t1, t2), Bench.mb(Runtime.getRuntime().maxMemory()));
        Row.throughput("packaging", "RadPost packaging (scan + write messages)", Bench.seconds(t0, t2), dicomBytes, images,
                List.of(ProcessPeak.self("packager", peak.sampled())), conditions).append(work);
    }
}
