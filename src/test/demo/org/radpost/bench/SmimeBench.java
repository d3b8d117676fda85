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
 * What S/MIME costs on each hop of a study, in wall time and CPU seconds of the one working thread (the figure that
 * holds on a loaded machine): the center's seal (sign + encrypt), the data center's open (decrypt + verify + chain)
 * and re-seal for the viewer, and the viewer's open, beside the wire reader on the plain messages (what the data
 * center does with or without S/MIME). Writes one bench row per hop; bench/run calls it on the study it generated.
 * {@code java -cp ... org.radpost.bench.SmimeBench <work folder> [images when work/study is absent, default 100]}
 */
public final class SmimeBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final char[] PASSWORD = "bench-password".toCharArray();

    private SmimeBench() {}

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        Path study = work.resolve("study");
        if (!Files.isDirectory(study)) {
            SampleStudy.ct().size(512, 512).writeImages(study, args.length > 1 ? Integer.parseInt(args[1]) : 100);
        }
        Path scratch = Files.createDirectories(work.resolve("smime"));
        HeapWatch heap = HeapWatch.start();
        long dicomBytes = Bench.sizeOf(study);
        long objects = Bench.countFiles(study);
        DeploymentCa ca = DeploymentCa.create(scratch.resolve("ca"), "bench CA", PASSWORD);
        SmimeIdentity center = identity(ca, "center1", "center1@radpost.test");
        SmimeIdentity dataCenter = identity(ca, "smime", "datacenter@radpost.test");
        SmimeIdentity viewer = identity(ca, "viewer1", "viewer1@radpost.test");
        SmimeOpener dcOpener = new SmimeOpener(dataCenter, List.of(ca.certificate()));
        SmimeOpener viewerOpener = new SmimeOpener(viewer, List.of(ca.certificate()));

        List<Path> plain = new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP).write(
                new Addressing("center1@radpost.test", "viewer1@radpost.test", Priority.ROUTINE),
                new StudyScanner().scan(List.of(study)).studies().get(0), Files.createDirectories(scratch.resolve("plain")));
        long plainBytes = size(plain);
        Step read = time(() -> {
            for (Path p : plain) {
                Path folder = Files.createTempDirectory(scratch, "read");
                try (var in = Files.newInputStream(p)) {
                    new MessageReader().read(in, folder);
                }
            }
        });
        List<Path> sealed = each(plain, scratch, "sealed", (in, out) -> new SmimeSealer().seal(in, center, dataCenter.certificate(), out));
        Step seal = last;
        List<Path> opened = each(sealed, scratch, "opened", (in, out) -> dcOpener.open(in, "center1@radpost.test", Instant.now(), out));
        Step open = last;
        List<Path> resealed = each(opened, scratch, "resealed", (in, out) -> new SmimeSealer().seal(in, dataCenter, viewer.certificate(), out));
        Step reseal = last;
        each(resealed, scratch, "at-viewer", (in, out) -> viewerOpener.open(in, null, Instant.now(), out));
        Step viewerOpen = last;

        List<ProcessPeak> self = List.of(ProcessPeak.self("bench", heap.stop().sampled()));
        String sizes = String.format("%d messages, %.1f MB plain mail, %.1f MB sealed (%.2fx); one thread; the wire reader on the plain "
                + "mail (done with or without S/MIME) took %.2f s CPU", plain.size(), Bench.mb(plainBytes), Bench.mb(size(sealed)),
                (double) size(sealed) / plainBytes, read.cpuSeconds());
        Row.throughput("smime-seal", "S/MIME: center seals (SHA-256/RSA sign, AES-256-CBC encrypt)", seal.wallSeconds(), dicomBytes,
                objects, self, seal.cpu() + "; " + sizes).append(work);
        Row.throughput("smime-datacenter", "S/MIME: data center opens (decrypt, verify, chain) and re-seals for the viewer",
                open.wallSeconds() + reseal.wallSeconds(), dicomBytes, objects, self,
                "open " + open.cpu() + ", re-seal " + reseal.cpu()).append(work);
        Row.throughput("smime-viewer-open", "S/MIME: viewer opens", viewerOpen.wallSeconds(), dicomBytes, objects, self,
                viewerOpen.cpu()).append(work);
        Bench.deleteTree(scratch);
    }

    private record Step(double wallSeconds, double cpuSeconds) {
        String cpu() {
            return String.format("%.2f s CPU", cpuSeconds);
        }
    }

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
