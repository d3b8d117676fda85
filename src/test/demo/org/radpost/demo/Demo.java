package org.radpost.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.datacenter.tracking.StatusEvent;
import org.radpost.packager.ObjectType;
import org.radpost.packager.Priority;
import org.radpost.packager.build.Addressing;
import org.radpost.packager.build.MessageWriter;
import org.radpost.packager.build.StudyBatch;
import org.radpost.packager.build.StudyScanner;
import org.radpost.packager.receipt.MailboxReader;
import org.radpost.packager.receipt.Pop3Settings;
import org.radpost.packager.receipt.Receipt;
import org.radpost.packager.receipt.ReceiptEntry;
import org.radpost.packager.receipt.ReceiptStatus;
import org.radpost.packager.receipt.ReceiptWriter;
import org.radpost.packager.sample.SampleStudy;
import org.radpost.packager.transport.SmtpSettings;
import org.radpost.packager.transport.SmtpSubmitter;
import org.radpost.packager.transport.SubmitOutcome;
import org.radpost.schema.DatabaseConfig;

/**
 * {@code ./radpost demo}: a data center, a viewer and an imaging center on one machine, on embedded defaults.
 * The center sends a generated CT study over SMTP with TLS; the viewer fetches it over POP3S, opens it
 * (viewed receipt) and reports it; the center receives its receipts and the report. {@code --check} runs the
 * flow once and exits 0 only when every step happened; without it the parts keep serving until Ctrl-C.
 */
public final class Demo {
    private static final String CENTER = "center1@radpost.local";
    private static final String VIEWER = "viewer1@radpost.local";
    private static final String PASSWORD = "demo-password";

    private final Path root;
    private final List<String> failures = new ArrayList<>();

    private Demo(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws Exception {
        boolean check = List.of(args).contains("--check");
        Path root = Path.of(System.getProperty("radpost.demo.dir", "var/demo")).toAbsolutePath();
        int exit = new Demo(root).run(check);
        System.exit(exit);
    }

    private int run(boolean check) throws Exception {
        wipe(root);
        say("RadPost demo in " + root);
        DataCenter dataCenter = DataCenter.start(new DatacenterConfig(root.resolve("datacenter"), "radpost.local",
                DatabaseConfig.embedded(root.resolve("datacenter/db")), "127.0.0.1", 0, 0, 0, 2L << 30, null, null,
                Duration.ofMinutes(30), 0), Clock.systemUTC());
        try {
            step("data center up: SMTPS 127.0.0.1:" + dataCenter.smtpsPort() + ", STARTTLS 127.0.0.1:" + dataCenter.startTlsPort()
                    + ", POP3S 127.0.0.1:" + dataCenter.pop3sPort() + " (H2 database in " + root.resolve("datacenter/db") + ")");
            dataCenter.directory().addCenter("center1", "Demo Imaging Center", CENTER, PASSWORD);
            dataCenter.directory().addViewer("viewer1", "Dr. Demo Radiologist", VIEWER, PASSWORD, AccessLevel.FULL);
            dataCenter.directory().authorize("center1", "viewer1", null);
            step("directory: center " + CENTER + " may send to viewer " + VIEWER);

            SampleStudy study = SampleStudy.ct().size(512, 512);
            study.writeImages(root.resolve("center/modality-output"), 24);
            StudyBatch batch = new StudyScanner().scan(List.of(root.resolve("center/modality-output"))).studies().get(0);
            List<Path> parts = new MessageWriter(4L * 1024 * 1024).write(new Addressing(CENTER, VIEWER, Priority.STAT), batch,
                    root.resolve("center/outbox"));
            step("imaging center: CT study " + batch.studyUid() + ", " + batch.objects().size() + " images, "
                    + mb(batch.totalBytes()) + ", packaged into " + parts.size() + " messages (4 MB cap)");
            SmtpSubmitter center = new SmtpSubmitter(SmtpSettings.of("127.0.0.1", dataCenter.startTlsPort(),
                    SmtpSettings.Security.STARTTLS, CENTER, PASSWORD, dataCenter.trustStore(), "changeit"));
            long started = System.nanoTime();
            for (Path part : parts) {
                SubmitOutcome outcome = center.submit(part, n -> { });
                expect(outcome instanceof SubmitOutcome.Sent, "send " + part.getFileName() + ": " + outcome.describe());
            }
            step("sent over SMTP+STARTTLS with AUTH in " + (System.nanoTime() - started) / 1_000_000 + " ms");

            MailboxReader viewerMailbox = new MailboxReader(pop3(dataCenter, VIEWER), root.resolve("viewer"));
            List<MailboxReader.Fetched> arrived = new ArrayList<>();
            waitFor(Duration.ofSeconds(30), () -> {
                arrived.addAll(viewerMailbox.fetchAll());
                return arrived.size() >= parts.size();
            });
            long objects = arrived.stream().filter(f -> f.message() != null).mapToLong(f -> f.message().objects().size()).sum();
            expect(objects == batch.objects().size(), "viewer received " + objects + " of " + batch.objects().size() + " objects");
            step("viewer: fetched " + arrived.size() + " messages over POP3S, " + objects + " objects, checksums and UIDs verified");

            SmtpSubmitter viewer = new SmtpSubmitter(SmtpSettings.of("127.0.0.1", dataCenter.smtpsPort(),
                    SmtpSettings.Security.SMTPS, VIEWER, PASSWORD, dataCenter.trustStore(), "changeit"));
            Path viewed = root.resolve("viewer/viewed.eml");
            new ReceiptWriter().write(new Receipt(ReceiptStatus.VIEWED, VIEWER, "datacenter@radpost.local", batch.studyUid(),
                    "", "", "", List.of(ReceiptEntry.of(ObjectType.IMAGE, batch.objects().get(0).summary().sopInstanceUid())),
                    Instant.now()), viewed);
            expect(viewer.submit(viewed, n -> { }) instanceof SubmitOutcome.Sent, "viewed receipt sent");
            Path reportFile = study.writeTextReport(root.resolve("viewer/reports"),
                    "Findings: no acute intracranial abnormality. Impression: normal CT of the head.");
            StudyBatch reportBatch = new StudyScanner().scan(List.of(reportFile)).studies().get(0);
            Path report = new MessageWriter().write(new Addressing(VIEWER, CENTER, Priority.ROUTINE), reportBatch,
                    root.resolve("viewer/outbox")).get(0);
            expect(viewer.submit(report, n -> { }) instanceof SubmitOutcome.Sent, "report sent");
            step("viewer: opened the study (viewed receipt) and sent a report (Basic Text SR)");

            MailboxReader centerMailbox = new MailboxReader(pop3(dataCenter, CENTER), root.resolve("center/inbox"));
            List<MailboxReader.Fetched> back = new ArrayList<>();
            Set<ReceiptStatus> wanted = EnumSet.of(ReceiptStatus.ACCEPTED, ReceiptStatus.DELIVERED, ReceiptStatus.VIEWED,
                    ReceiptStatus.REPORTED, ReceiptStatus.ARCHIVED);
            waitFor(Duration.ofSeconds(30), () -> {
                back.addAll(centerMailbox.fetchAll());
                return statuses(back).containsAll(wanted) && back.stream().anyMatch(f -> f.message() != null && f.message().type() == ObjectType.REPORT);
            });
            Set<ReceiptStatus> got = statuses(back);
            expect(got.containsAll(wanted), "center received receipts " + got + " (wanted " + wanted + ")");
            expect(back.stream().anyMatch(f -> f.message() != null && f.message().type() == ObjectType.REPORT), "center received the report");
            step("imaging center: mailbox holds receipts " + got + " and the radiologist's report");

            say("");
            say("Tracking summary for study " + batch.studyUid() + ":");
            for (StatusEvent e : dataCenter.timeline().of(batch.studyUid().value())) {
                say(String.format("  %-10s %-24s %s", e.state(), e.actor(), e.detail()));
            }
            say("");
            say("Where to look:");
            say("  data center:   SMTPS 127.0.0.1:" + dataCenter.smtpsPort() + "  POP3S 127.0.0.1:" + dataCenter.pop3sPort()
                    + "  trust store " + dataCenter.trustStore());
            say("  tracking:      ./radpost datacenter --config " + root.resolve("datacenter.properties") + " track " + batch.studyUid());
            say("  center inbox:  " + root.resolve("center/inbox/inbox"));
            say("  viewer files:  " + root.resolve("viewer"));
            writeProperties(dataCenter);
            if (!failures.isEmpty()) {
                failures.forEach(f -> say("FAILED: " + f));
                return 1;
            }
            say(check ? "demo --check: every step completed" : "Serving until Ctrl-C.");
            if (!check) {
                CountDownLatch forever = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
                forever.await();
            }
            return 0;
        } catch (Exception e) {
            say("FAILED: " + e);
            return 1;
        } finally {
            dataCenter.close();
        }
    }

    private void writeProperties(DataCenter dataCenter) throws IOException {
        Files.writeString(root.resolve("datacenter.properties"), "# written by ./radpost demo\n"
                + "datacenter.data-dir=" + root.resolve("datacenter") + "\n"
                + "datacenter.domain=radpost.local\n"
                + "datacenter.db.url=" + dataCenter.config().database().jdbcUrl() + "\n"
                + "datacenter.db.user=sa\n");
    }

    private static Pop3Settings pop3(DataCenter dataCenter, String user) {
        return new Pop3Settings("127.0.0.1", dataCenter.pop3sPort(), user, PASSWORD, dataCenter.trustStore(), "changeit");
    }

    private static Set<ReceiptStatus> statuses(List<MailboxReader.Fetched> fetched) {
        Set<ReceiptStatus> statuses = EnumSet.noneOf(ReceiptStatus.class);
        fetched.stream().filter(f -> f.message() != null).flatMap(f -> f.message().receipt().stream())
                .forEach(r -> statuses.add(r.status()));
        return statuses;
    }

    private interface Condition {
        boolean met() throws Exception;
    }

    private void waitFor(Duration limit, Condition condition) throws Exception {
        Instant until = Instant.now().plus(limit);
        while (!condition.met()) {
            if (Instant.now().isAfter(until)) {
                failures.add("timed out after " + limit.toSeconds() + " s");
                return;
            }
            Thread.sleep(200);
        }
    }

    private void expect(boolean ok, String what) {
        if (!ok) {
            failures.add(what);
        }
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1024.0 / 1024.0);
    }

    private static void step(String text) {
        System.out.println("  \u2713 " + text);
    }

    private static void say(String text) {
        System.out.println(text);
    }

    private static void wipe(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (var walk = Files.walk(folder)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(folder);
    }
}
