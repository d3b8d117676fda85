package org.radpost.bench;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * The data center's POP3 serving on its own: a {@link DataCenterNode} in its own JVM takes the largest message
 * {@link PackagingBench} wrote, routes it to the viewer's mailbox, and {@code curl} (a client no one here wrote)
 * fetches it over POP3S with one RETR, twice (the first on a cold JIT). The figure is the second.
 * Usage: {@code java -cp ... org.radpost.bench.Pop3RetrBench <work folder>}.
 */
public final class Pop3RetrBench {
    private Pop3RetrBench() {}

    public static void main(String[] args) throws Exception {
        try {
            run(Path.of(args[0]).toAbsolutePath());
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(Path work) throws Exception {
        Path message = Collections.max(Bench.messages(work), Comparator.comparingLong(Pop3RetrBench::size));
        long messageBytes = Files.size(message);
        Path dcDir = work.resolve("dc-pop3");
        Bench.deleteTree(dcDir);
        try (Child dc = Child.java("pop3-datacenter", work, List.of("-Xmx512m"), DataCenterNode.class.getName(),
                List.of(dcDir.toString(), "h2"))) {
            int smtps = Integer.parseInt(dc.expect("SMTPS ", 180));
            int pop3s = Integer.parseInt(dc.expect("POP3S ", 10));
            Path trust = Path.of(dc.expect("TRUST ", 10));
            dc.expect("READY", 10);
            SubmitOutcome outcome = new SmtpSubmitter(SmtpSettings.of("127.0.0.1", smtps, SmtpSettings.Security.SMTPS,
                    Bench.CENTER, Bench.PASSWORD, trust, "changeit")).submit(message, n -> { });
            if (!(outcome instanceof SubmitOutcome.Sent)) {
                throw new IllegalStateException(message + " was not accepted: " + outcome.describe());
            }
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (true) {
                dc.send("status");
                if (Long.parseLong(dc.expect("STATUS ", 30).split(" ")[2]) > 0) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the message did not reach the viewer's mailbox within 2 minutes");
                }
                Thread.sleep(20);
            }
            Path ca = writeCaPem(trust, work.resolve("ca.pem"));
            Bench.say("%s (%.1f MB) waits in the viewer's mailbox; fetching it with curl over POP3S port %d", message.getFileName(),
                    Bench.mb(messageBytes), pop3s);
            double[] seconds = new double[2];
            double[] cpu = new double[2];
            long fetched = 0;
            ProcessPeak curlPeak = null;
            for (int i = 0; i < seconds.length; i++) {
                Path out = work.resolve("retr.eml");
                Files.deleteIfExists(out);
                Path rss = work.resolve("curl-rss.txt");
                double cpu0 = cpuSeconds(dc);
                long t0 = System.nanoTime();
                Process curl = new ProcessBuilder("/usr/bin/time", "-f", "%M %U %S", "-o", rss.toString(), "curl", "--silent", "--show-error",
                        "--cacert", ca.toString(), "--user", Bench.VIEWER + ":" + Bench.PASSWORD,
                        "pop3s://127.0.0.1:" + pop3s + "/1", "--output", out.toString())
                        .redirectErrorStream(true).redirectOutput(work.resolve("curl.log").toFile()).start();
                int exit = curl.waitFor();
                seconds[i] = Bench.seconds(t0, System.nanoTime());
                cpu[i] = cpuSeconds(dc) - cpu0;
                if (exit != 0) {
                    throw new IllegalStateException("curl exited with " + exit + ": " + Files.readString(work.resolve("curl.log")));
                }
                fetched = Files.size(out);
                curlPeak = timed("curl", rss);
                Bench.say("RETR %d: %.2f s, %.1f MB/s; data center CPU %.2f s", i + 1, seconds[i], Bench.mb(fetched) / seconds[i], cpu[i]);
            }
            if (Math.abs(fetched - messageBytes) > messageBytes / 100) {
                throw new IllegalStateException("curl fetched " + fetched + " bytes of a " + messageBytes + "-byte message");
            }
            ProcessPeak server = dc.quit().rename("datacenter");
            // A throughput of mail bytes: a POP3 message is mail, and the ratio to dcmtk compares bytes on the wire.
            Row.throughput("pop3-retr", "RadPost POP3S serving: one RETR by curl", seconds[1], messageBytes, 0,
                    List.of(server, curlPeak), String.format("one %.1f MB message (mail bytes), "
                            + "second of two RETRs (first %.2f s, cold JIT); data center CPU for it %.2f s; TLS 1.3", Bench.mb(messageBytes), seconds[0], cpu[1])).append(work);
        } finally {
            Bench.deleteTree(dcDir);
        }
    }

    /** What {@code /usr/bin/time -f "%M %U %S"} wrote: peak RSS in KB, user and system CPU seconds. */
    static ProcessPeak timed(String process, Path timeOutput) throws java.io.IOException {
        List<String> lines = Files.readAllLines(timeOutput);
        String[] words = lines.get(lines.size() - 1).strip().split(" ");
        return new ProcessPeak(process, -1, Long.parseLong(words[0]) * 1024, Double.parseDouble(words[1]) + Double.parseDouble(words[2]));
    }

    static double cpuSeconds(Child dc) throws InterruptedException {
        dc.send("status");
        return Long.parseLong(dc.expect("STATUS ", 30).split(" ")[3]) / 1000.0;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The deployment CA as PEM, for curl. */
    static Path writeCaPem(Path trustStore, Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(trustStore.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        List<String> blocks = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            Certificate cert = store.getCertificate(alias);
            if (cert != null) {
                blocks.add("-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n");
            }
        }
        Files.writeString(pem, String.join("", blocks));
        return pem;
    }
}
