package org.radpost.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.ScanResult;
import org.radpost.wire.build.StudyScanner;
import org.radpost.testkit.SampleStudy;

/**
 * Prints packaging throughput and peak heap: generates a CT study (default 400 images of 512x512, about
 * 200 MB), then scans it (headers + SHA-256) and writes its messages (20 MB cap) into a local folder.
 * Run with a small heap to show that nothing is held whole:
 * {@code java -Xmx256m -cp ... org.radpost.bench.PackagingBenchmark [images] [work folder]}.
 */
public final class PackagingBenchmark {
    private PackagingBenchmark() {}

    public static void main(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("radpost-benchmark");
        Path dicom = work.resolve("dicom");
        Path sink = work.resolve("messages");
        System.out.printf("Generating %d CT images of 512x512 in %s ...%n", images, dicom);
        SampleStudy.ct().size(512, 512).writeImages(dicom, images);
        long dicomBytes = sizeOf(dicom);

        System.gc();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        AtomicLong sampledPeak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                sampledPeak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();

        long t0 = System.nanoTime();
        ScanResult scan = new StudyScanner().scan(List.of(dicom));
        long t1 = System.nanoTime();
        List<Path> messages = new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP).write(
                new Addressing("center1@center.radpost.test", "viewer1@radpost.test", Priority.ROUTINE),
                scan.studies().get(0), sink);
        long t2 = System.nanoTime();
        sampler.interrupt();
        long poolPeaks = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long messageBytes = sizeOf(sink);

        double mb = dicomBytes / 1048576.0;
        double scanSeconds = (t1 - t0) / 1e9;
        double writeSeconds = (t2 - t1) / 1e9;
        System.out.printf("Study: %d objects, %.1f MB of DICOM -> %d messages, %.1f MB on disk (base64)%n",
                scan.objectCount(), mb, messages.size(), messageBytes / 1048576.0);
        System.out.printf("Scan (headers + SHA-256): %.2f s, %.1f MB/s%n", scanSeconds, mb / scanSeconds);
        System.out.printf("Write messages (fsynced):  %.2f s, %.1f MB/s%n", writeSeconds, mb / writeSeconds);
        System.out.printf("Packaging end to end:      %.2f s, %.1f MB/s (DICOM MB per second)%n",
                scanSeconds + writeSeconds, mb / (scanSeconds + writeSeconds));
        System.out.printf("Peak heap used: %.1f MB sampled, %.1f MB sum of pool peaks; max heap %.0f MB%n",
                sampledPeak.get() / 1048576.0, poolPeaks / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
        if (args.length <= 1) {
            deleteTree(work);
        }
    }

    private static long sizeOf(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
