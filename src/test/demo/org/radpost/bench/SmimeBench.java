package org.radpost.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.read.MessageReader;
import org.radpost.wire.smime.SmimeIdentity;
import org.radpost.wire.smime.SmimeOpener;
import org.radpost.wire.smime.SmimeSealer;
import org.radpost.wire.tls.DeploymentCa;

/**
 * Prints what S/MIME costs on each hop of a study, in wall time and CPU seconds of the one working thread (the
 * figure that holds on a loaded machine): writing the plain messages (20 MB cap) as the reference, the center's
 * seal (sign + encrypt), the data center's open (decrypt + verify + chain), its re-seal for the viewer, the
 * viewer's open, and the wire reader on the plain message (what the data center does anyway).
 * {@code java -cp ... org.radpost.bench.SmimeBench [images, default 100] [work folder]}
 */
public final class SmimeBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final char[] PASSWORD = "bench-password".toCharArray();

    private SmimeBench() {}

    public static void main(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("radpost-smime-bench");
        SampleStudy.ct().size(512, 512).writeImages(work.resolve("dicom"), images);
        DeploymentCa ca = DeploymentCa.create(work.resolve("ca"), "bench CA", PASSWORD);
        SmimeIdentity center = identity(ca, "center1", "center1@radpost.test");
        SmimeIdentity dataCenter = identity(ca, "smime", "datacenter@radpost.test");
        SmimeIdentity viewer = identity(ca, "viewer1", "viewer1@radpost.test");
        SmimeOpener dcOpener = new SmimeOpener(dataCenter, List.of(ca.certificate()));
        SmimeOpener viewerOpener = new SmimeOpener(viewer, List.of(ca.certificate()));

        List<Path> plain = new ArrayList<>();
        Step write = time(() -> plain.addAll(new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP).write(
                new Addressing("center1@radpost.test", "viewer1@radpost.test", Priority.ROUTINE),
                new StudyScanner().scan(List.of(work.resolve("dicom"))).studies().get(0), Files.createDirectories(work.resolve("plain")))));
        long plainBytes = size(plain);
        Step read = time(() -> {
            for (Path p : plain) {
                Path folder = Files.createTempDirectory(work, "read");
                try (var in = Files.newInputStream(p)) {
                    new MessageReader().read(in, folder);
                }
            }
        });
        List<Path> sealed = each(plain, work, "sealed", (in, out) -> new SmimeSealer().seal(in, center, dataCenter.certificate(), out));
        Step seal = last;
        List<Path> opened = each(sealed, work, "opened", (in, out) -> dcOpener.open(in, "center1@radpost.test", Instant.now(), out));
        Step open = last;
        List<Path> resealed = each(opened, work, "resealed", (in, out) -> new SmimeSealer().seal(in, dataCenter, viewer.certificate(), out));
        Step reseal = last;
        each(resealed, work, "at-viewer", (in, out) -> viewerOpener.open(in, null, Instant.now(), out));
        Step viewerOpen = last;

        System.out.printf("%d CT images 512x512 in %d messages: %.1f MB plain mail, %.1f MB sealed (%.2fx)%n", images, plain.size(),
                plainBytes / 1e6, size(sealed) / 1e6, (double) size(sealed) / plainBytes);
        System.out.println("| step | wall s | CPU s | MB/s (CPU) |");
        System.out.println("| --- | ---: | ---: | ---: |");
        row("write plain messages (reference: scan, base64, SHA-256, fsync)", write, plainBytes);
        row("wire reader on the plain messages (data center, as today)", read, plainBytes);
        row("center: seal (SHA-256/RSA sign, AES-256-CBC encrypt)", seal, plainBytes);
        row("data center: open (decrypt, verify, chain)", open, plainBytes);
        row("data center: re-seal for the viewer", reseal, plainBytes);
        row("viewer: open", viewerOpen, plainBytes);
    }

    private record Step(double wallSeconds, double cpuSeconds) {}

    private interface Work {
        void run() throws Exception;
    }

    private interface Transform {
        void apply(Path in, Path out) throws Exception;
    }

    private static Step last;

    private static List<Path> each(List<Path> in, Path work, String name, Transform transform) throws Exception {
        Path folder = Files.createDirectories(work.resolve(name));
        List<Path> out = new ArrayList<>();
        last = time(() -> {
            for (Path p : in) {
                Path target = folder.resolve(p.getFileName());
                transform.apply(p, target);
                out.add(target);
            }
        });
        return out;
    }

    private static Step time(Work work) throws Exception {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        work.run();
        return new Step((System.nanoTime() - wall) / 1e9, (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9);
    }

    private static void row(String what, Step step, long bytes) {
        System.out.printf("| %s | %.2f | %.2f | %.1f |%n", what, step.wallSeconds(), step.cpuSeconds(), bytes / 1e6 / step.cpuSeconds());
    }

    private static long size(List<Path> files) throws Exception {
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        return total;
    }

    private static SmimeIdentity identity(DeploymentCa ca, String alias, String address) throws Exception {
        return SmimeIdentity.load(ca.issue(alias, address, List.of()).keyStore(), PASSWORD);
    }
}
