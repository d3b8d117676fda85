package org.radpost.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.ScanResult;
import org.radpost.wire.build.StudyScanner;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * The data center's peak heap while it ingests one message of about 2 GB: builds the message from large multi-frame
 * CT objects (no size cap, so it is one message), starts {@link DataCenterNode} in a child JVM with a small heap, submits
 * over SMTPS and reports whether it was accepted, how long it took and the child's peak heap (its own MXBeans and
 * its GC log). Everything is deleted afterwards.
 * Usage: {@code java -Xmx3g -cp ... org.radpost.bench.LargeMessageBench <work folder> [objects 7] [frames 105] [child heap 256m]}.
 */
public final class LargeMessageBench {
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private LargeMessageBench() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath().resolve("large");
        int objects = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int frames = args.length > 2 ? Integer.parseInt(args[2]) : 105;
        String childHeap = args.length > 3 ? args[3] : "256m";
        Path results = work.getParent();
        Bench.deleteTree(work);
        try {
            run(results, work, objects, frames, childHeap);
        } finally {
            Bench.deleteTree(work);
        }
        System.exit(0);
    }

    private static void run(Path results, Path work, int objects, int frames, String childHeap) throws Exception {
        Path dicom = work.resolve("dicom");
        long g0 = System.nanoTime();
        SampleStudy.ct().size(1024, 1024).frames(frames).writeImages(dicom, objects);
        long dicomBytes = Bench.sizeOf(dicom);
        ScanResult scan = new StudyScanner().scan(List.of(dicom));
        List<Path> written = new MessageWriter(Long.MAX_VALUE / 4).write(
                new Addressing(Bench.CENTER, Bench.VIEWER, Priority.ROUTINE), scan.studies().get(0), work.resolve("mail"));
        if (written.size() != 1) {
            throw new IllegalStateException("expected one message, the writer made " + written.size());
        }
        Path message = written.get(0);
        long messageBytes = Files.size(message);
        Bench.deleteTree(dicom); // the message holds it all; keep the disk free for the data center's copies
        Bench.say("built one message of %.0f MB (%.2f GB) from %d CT objects of 1024x1024x%d frames (%.0f MB DICOM) in %.0f s",
                Bench.mb(messageBytes), messageBytes / 1e9, objects, frames, Bench.mb(dicomBytes), Bench.seconds(g0, System.nanoTime()));

        Path nodeDir = work.resolve("node");
        Path gcLog = work.resolve("node-gc.log");
        Path nodeLog = work.resolve("node.log");
        Process node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + childHeap,
                "-Xlog:gc:file=" + gcLog, "-cp", System.getProperty("java.class.path"), DataCenterNode.class.getName(), nodeDir.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(nodeLog.toFile())).start();
        BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        List<String> oom = new ArrayList<>();
        Thread reader = readChild(node, nodeLog, replies, oom);
        PrintWriter toNode = new PrintWriter(node.getOutputStream(), true, StandardCharsets.UTF_8);
        int port = Integer.parseInt(expect(replies, "SMTPS ", 180).substring(6));
        Path trust = Path.of(expect(replies, "TRUST ", 10).substring(6));
        expect(replies, "READY", 10);

        SmtpSettings settings = SmtpSettings.of("127.0.0.1", port, SmtpSettings.Security.SMTPS, Bench.CENTER, Bench.PASSWORD, trust, "changeit")
                .withTimeouts(new SmtpSettings.Timeouts(Duration.ofSeconds(20), Duration.ofMinutes(30), Duration.ofMinutes(30)));
        AtomicLong nextReport = new AtomicLong(messageBytes / 5);
        AtomicLong sentBytes = new AtomicLong();
        long t0 = System.nanoTime();
        Bench.say("submitting to a data center with -Xmx%s in its own JVM (SMTPS %d) ...", childHeap, port);
        SubmitOutcome outcome = new SmtpSubmitter(settings).submit(message, delta -> {
            long sent = sentBytes.addAndGet(delta); // the submitter reports the bytes of each read, not a running total
            if (sent >= nextReport.get()) {
                Bench.say("  %.0f%% sent after %.0f s", 100.0 * sent / messageBytes, Bench.seconds(t0, System.nanoTime()));
                nextReport.addAndGet(messageBytes / 5);
            }
        });
        long t1 = System.nanoTime();
        Bench.say("server replied after %.1f s: %s", Bench.seconds(t0, t1), outcome.describe());

        String queueState = "not checked";
        if (outcome instanceof SubmitOutcome.Sent && node.isAlive()) {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < deadline) {
                toNode.println("status");
                String[] status = expect(replies, "STATUS ", 30).split(" ");
                queueState = status[2] + " of " + objects + " objects indexed, " + status[1] + " messages waiting for route/deliver";
                if (Long.parseLong(status[1]) == 0 && Long.parseLong(status[2]) >= objects) {
                    break;
                }
                Thread.sleep(200);
            }
        }
        long t2 = System.nanoTime();
        String peakLine = null;
        if (node.isAlive()) {
            toNode.println("quit");
            toNode.close();
            peakLine = expectOrNull(replies, "PEAK ", 60);
        }
        if (!node.waitFor(60, TimeUnit.SECONDS)) {
            node.destroy();
        }
        reader.join(5000);
        int exit = node.isAlive() ? -1 : node.exitValue();

        String verdict = outcome instanceof SubmitOutcome.Sent ? "ACCEPTED" : "NOT ACCEPTED";
        String oomNote = oom.isEmpty() ? "no OutOfMemoryError in its log" : "OutOfMemoryError in its log: " + oom.get(0);
        String conditions = String.format("one message of %.2f GB (%.0f MB; %d objects of 1024x1024x%d, %.0f MB DICOM) over SMTPS; "
                + "data center alone in a child JVM -Xmx%s, H2 embedded; %d cores", messageBytes / 1e9, Bench.mb(messageBytes), objects,
                frames, Bench.mb(dicomBytes), childHeap, Runtime.getRuntime().availableProcessors());
        String reply = outcome.describe().length() > 70 ? outcome.describe().substring(0, 70) + "..." : outcome.describe();
        String figure = String.format("%s after %.1f s (%.0f of %.0f MB sent, %.1f MB/s)%s", verdict, Bench.seconds(t0, t1),
                Bench.mb(sentBytes.get()), Bench.mb(messageBytes), Bench.mb(sentBytes.get()) / Bench.seconds(t0, t1),
                outcome instanceof SubmitOutcome.Sent ? "; " + queueState + " " + String.format("%.1f s later", Bench.seconds(t1, t2))
                        : "; " + reply);
        List<ProcessPeak> peaks = peakLine == null ? List.of() : List.of(ProcessPeak.parse("datacenter", peakLine.substring(5)));
        Row.figure("large", "2 GB message into a data center at -Xmx" + childHeap, figure, peaks,
                conditions + "; " + gcFigures(gcLog) + "; " + oomNote + "; child exit " + exit).append(results);
        if (!(outcome instanceof SubmitOutcome.Sent) || !oom.isEmpty() || exit != 0) {
            printFirstError(nodeLog);
            printTail(work.resolve("node-stdout.log"), 10);
            for (String log : List.of("node.log", "node-stdout.log", "node-gc.log")) {
                Files.copy(work.resolve(log), results.resolve("large-" + log), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Bench.say("the child's logs are kept as large-node*.log next to the results");
        }
    }

    /** Shows the child's first error with its stack (the later ones usually follow from it). */
    private static void printFirstError(Path log) throws IOException {
        if (!Files.exists(log)) {
            return;
        }
        List<String> all = Files.readAllLines(log);
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).contains("ERROR") || all.get(i).contains("Error") || all.get(i).contains("Exception")) {
                Bench.say("--- first error in %s (line %d of %d) ---", log.getFileName(), i + 1, all.size());
                all.subList(Math.max(0, i - 2), Math.min(all.size(), i + 30)).forEach(l -> Bench.say("  %s", l));
                return;
            }
        }
    }

    /** Shows the end of a child log before the work folder is deleted, so a failure can be read. */
    private static void printTail(Path log, int lines) throws IOException {
        if (!Files.exists(log)) {
            return;
        }
        List<String> all = Files.readAllLines(log);
        Bench.say("--- last %d lines of %s ---", Math.min(lines, all.size()), log.getFileName());
        all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> Bench.say("  %s", l));
    }

    /** The largest heap before and after any collection in the child's GC log: after-GC is its live set. */
    private static String gcFigures(Path gcLog) throws IOException {
        if (!Files.exists(gcLog)) {
            return "no GC log";
        }
        long before = 0;
        long after = 0;
        int collections = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                collections++;
                before = Math.max(before, Long.parseLong(m.group(1)));
                after = Math.max(after, Long.parseLong(m.group(2)));
            }
        }
        return String.format("GC log: %d collections, max %d MB before GC, max %d MB live after GC", collections, before, after);
    }

    /** Copies the child's stdout to its log, passing protocol lines to the queue and noting any OutOfMemoryError. */
    private static Thread readChild(Process node, Path nodeLog, BlockingQueue<String> replies, List<String> oom) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                 Writer log = Files.newBufferedWriter(nodeLog.resolveSibling("node-stdout.log"))) {
                String line;
                while ((line = in.readLine()) != null) {
                    log.write(line + "\n");
                    if (line.startsWith("SMTPS ") || line.startsWith("TRUST ") || line.equals("READY")
                            || line.startsWith("STATUS ") || line.startsWith("PEAK ")) {
                        replies.add(line);
                    } else if (line.contains("OutOfMemoryError")) {
                        synchronized (oom) {
                            oom.add(line.strip());
                        }
                        Bench.say("child: %s", line.strip());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                for (String line : Files.readAllLines(nodeLog)) {
                    if (line.contains("OutOfMemoryError")) {
                        synchronized (oom) {
                            oom.add(line.strip());
                        }
                    }
                }
            } catch (IOException e) {
                Bench.say("cannot read %s: %s", nodeLog, e.getMessage());
            }
        }, "child-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String expect(BlockingQueue<String> replies, String prefix, int seconds) throws InterruptedException {
        String line = expectOrNull(replies, prefix, seconds);
        if (line == null) {
            throw new IllegalStateException("the data-center child did not say '" + prefix.strip() + "' within " + seconds + " s");
        }
        return line;
    }

    private static String expectOrNull(BlockingQueue<String> replies, String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            String line = replies.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }
}
