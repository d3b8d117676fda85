package org.radpost.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.radpost.datacenter.console.Role;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.datacenter.tracking.StatusEvent;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptEntry;
import org.radpost.wire.receipt.ReceiptStatus;
import org.radpost.wire.receipt.ReceiptWriter;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;
import org.radpost.schema.DatabaseConfig;
import org.radpost.viewer.ViewerAgent;
import org.radpost.viewer.config.MailServer;
import org.radpost.viewer.config.ViewerConfig;

/**
 * {@code ./radpost demo}: a data center, a viewer and an imaging center on one machine, on embedded defaults.
 * The center sends a generated CT study over SMTP with TLS; the viewer fetches it over POP3S, opens it
 * (viewed receipt) and reports it; the center receives its receipts and the report. {@code --check} runs the
 * flow once and exits 0 only when every step happened; without it the parts keep serving until Ctrl-C.
 */
public final class Demo {
    private static final String CENTER = "center1@radpost.local";
    private static final String VIEWER = "viewer1@radpost.local";
    private static final String DEIDENTIFIED_VIEWER = "viewer2@radpost.local";
    private static final String PASSWORD = "demo-password";
    private static final String CONSOLE_USER = "admin";
    private static final String CONSOLE_PASSWORD = "demo-console-pw";

    private final Path root;
    private final List<String> failures = new ArrayList<>();
    private ViewerAgent agent;

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
            dataCenter.directory().addViewer("viewer2", "Dr. Second Opinion", DEIDENTIFIED_VIEWER, PASSWORD, AccessLevel.DEIDENTIFIED);
            dataCenter.directory().authorize("center1", "viewer2", null);
            step("directory: center " + CENTER + " may send to viewer " + VIEWER + " (full access) and to "
                    + DEIDENTIFIED_VIEWER + " (de-identified)");
            DemoSmime smime = DemoSmime.issue(dataCenter, "center1", CENTER, "viewer1", VIEWER);
            step("S/MIME: the deployment CA issued keys to " + CENTER + " and " + VIEWER
                    + "; the directory holds their certificates, so plain mail from them is refused");

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
                SubmitOutcome outcome = center.submit(smime.sealFromCenter(part), n -> { });
                expect(outcome instanceof SubmitOutcome.Sent, "send " + part.getFileName() + ": " + outcome.describe());
            }
            step("signed and encrypted (S/MIME) and sent over SMTP+STARTTLS with AUTH in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            expect(DemoChecks.spooledSealed(dataCenter, batch.studyUid().value()), "the data center's spool holds the study encrypted");
            step("data center: the spool holds the messages encrypted as they came; objects and archive are plain DICOM");

            ViewerAgent viewerAgent = ViewerAgent.start(new ViewerConfig(root.resolve("viewer"),
                    new MailServer("127.0.0.1", dataCenter.pop3sPort(), true, VIEWER, PASSWORD),
                    new MailServer("127.0.0.1", dataCenter.smtpsPort(), true, VIEWER, PASSWORD),
                    dataCenter.trustStore(), "changeit", Duration.ofSeconds(2), "127.0.0.1", viewerPort(),
                    "Dr. Demo Radiologist", VIEWER, ""), smime.viewerMail());
            agent = viewerAgent;
            step("viewer agent up: " + viewerAgent.url() + " (polls the data center's POP3S every 2 s; opens and seals S/MIME)");
            waitFor(Duration.ofSeconds(60), () -> viewerAgent.studies().find(batch.studyUid())
                    .map(st -> imageCount(viewerAgent, st.studyUid()) == batch.objects().size()).orElse(false));
            expect(imageCount(viewerAgent, batch.studyUid()) == batch.objects().size(), "the viewer holds all "
                    + batch.objects().size() + " images");
            step("viewer: fetched the study over POP3S (checksums and UIDs verified), " + imageCount(viewerAgent, batch.studyUid())
                    + " images in its worklist");

            // What the radiologist does in the page, done here over HTTP so --check can run unattended.
            HttpClient http = HttpClient.newHttpClient();
            URI base = viewerAgent.url();
            expect(get(http, base.resolve("/study/" + batch.studyUid())) == 200, "open the study page");
            // As the page does: every POST carries the token the agent's pages embed (LocalPageGuard).
            String token = pageToken(http, base.resolve("/study/" + batch.studyUid()));
            String firstImage = viewerAgent.studies().series(batch.studyUid()).get(0).images().get(0).sopInstanceUid().value();
            expect(post(http, token, base.resolve("/api/image/" + firstImage + "/annotations"), "application/json",
                    "{\"shapes\":[{\"kind\":\"line\",\"points\":[{\"x\":120,\"y\":200},{\"x\":380,\"y\":260}],\"text\":\"\"},"
                            + "{\"kind\":\"text\",\"points\":[{\"x\":130,\"y\":180}],\"text\":\"demo: lesion?\"}]}") == 200,
                    "save an annotation");
            expect(post(http, token, base.resolve("/study/" + batch.studyUid() + "/report"), "application/x-www-form-urlencoded",
                    "findings=" + enc("No acute intracranial abnormality. Ring artefact from the sample generator.")
                            + "&impression=" + enc("Normal CT of the head.")) < 400, "send the report");
            waitFor(Duration.ofSeconds(30), () -> {
                viewerAgent.sendNow();
                return viewerAgent.outbox().forStudy(batch.studyUid()).stream().allMatch(o -> o.state() == org.radpost.viewer.store.OutgoingState.SENT);
            });
            step("viewer: opened the study (viewed receipt), drew a measurement and text (presentation state), sent a report (Basic Text SR)");

            // The center has a certificate in the directory: its receipts and results come sealed, opened with its key.
            MailboxReader centerMailbox = new MailboxReader(pop3(dataCenter, CENTER), root.resolve("center/inbox"), smime.centerMail());
            List<MailboxReader.Fetched> back = new ArrayList<>();
            Set<ReceiptStatus> wanted = EnumSet.of(ReceiptStatus.ACCEPTED, ReceiptStatus.DELIVERED, ReceiptStatus.VIEWED,
                    ReceiptStatus.REPORTED, ReceiptStatus.ARCHIVED);
            waitFor(Duration.ofSeconds(30), () -> {
                back.addAll(centerMailbox.fetchAll());
                return statuses(back).containsAll(wanted) && carries(back, ObjectType.REPORT) && carries(back, ObjectType.OVERLAY);
            });
            Set<ReceiptStatus> got = statuses(back);
            expect(got.containsAll(wanted), "center received receipts " + got + " (wanted " + wanted + ")");
            expect(carries(back, ObjectType.REPORT), "center received the report");
            expect(carries(back, ObjectType.OVERLAY), "center received the annotation");
            expect(DemoChecks.allSealed(root.resolve("center/inbox/inbox")), "the center's mail arrived sealed (S/MIME)");
            step("imaging center: mailbox holds receipts " + got + ", the radiologist's report and annotation, each signed by"
                    + " the data center and encrypted to the center (S/MIME), opened with the center's key");

            String masked = DemoChecks.deidentifiedStudy(dataCenter, root, smime, center, CENTER, DEIDENTIFIED_VIEWER, PASSWORD);
            expect(masked.startsWith("study "), "the de-identified viewer received the study without the patient's identity: " + masked);
            step("de-identified viewer " + DEIDENTIFIED_VIEWER + ": " + masked);

            dataCenter.consoleUsers().add(CONSOLE_USER, CONSOLE_PASSWORD, Role.ADMIN);
            expect(consoleShows(dataCenter, batch.studyUid().value()), "console: sign in and open the study's tracking page");
            step("admin console: signed in over HTTPS as " + CONSOLE_USER + "; the study's tracking page shows it reported");

            say("");
            say("Tracking summary for study " + batch.studyUid() + ":");
            // One line per state (the study's five parts each pass most states); the full timeline is 'datacenter track'.
            java.util.Map<String, List<StatusEvent>> byState = new java.util.LinkedHashMap<>();
            for (StatusEvent e : dataCenter.timeline().of(batch.studyUid().value())) {
                byState.computeIfAbsent(e.state().name(), k -> new ArrayList<>()).add(e);
            }
            byState.forEach((state, events) -> say(String.format("  %-16s x%-3d %-24s %s", state, events.size(),
                    events.get(events.size() - 1).actor(), events.get(events.size() - 1).detail())));
            say("");
            say("Where to look:");
            say("  data center:   SMTPS 127.0.0.1:" + dataCenter.smtpsPort() + "  POP3S 127.0.0.1:" + dataCenter.pop3sPort()
                    + "  trust store " + dataCenter.trustStore());
            say("  tracking:      ./radpost datacenter track --config " + root.resolve("datacenter.properties") + " " + batch.studyUid());
            say("  center inbox:  " + root.resolve("center/inbox/inbox"));
            say("  viewer:        " + viewerAgent.url() + "   <- open this in a browser");
            say("  console:       " + dataCenter.consoleUrl() + "   <- sign in as " + CONSOLE_USER + " / " + CONSOLE_PASSWORD
                    + " (its certificate comes from the demo's own CA: accept it once in the browser)");
            writeProperties();
            expect(printedTrackingWorks(batch.studyUid().value()), "the printed tracking command (datacenter track --config "
                    + root.resolve("datacenter.properties") + ") reads the study");
            if (!failures.isEmpty()) {
                failures.forEach(f -> say("FAILED: " + f));
                return 1;
            }
            if (!check) {
                sendWaitingStudy(dataCenter, smime);
                say("A second study (MR, STAT) now waits in the viewer's worklist for you. Serving until Ctrl-C.");
                CountDownLatch forever = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
                forever.await();
            }
            say("demo --check: every step completed");
            return 0;
        } catch (Exception e) {
            say("FAILED: " + e);
            return 1;
        } finally {
            if (agent != null) {
                agent.close();
            }
            dataCenter.close();
        }
    }

    /** An MR study left unread, so whoever opens the viewer has something to read. */
    private void sendWaitingStudy(DataCenter dataCenter, DemoSmime smime) throws IOException {
        SampleStudy.of("MR", "PID-2002", "ROE^RICHARD", "ACC-2002").size(256, 256).writeImages(root.resolve("center/mr"), 12);
        StudyBatch mr = new StudyScanner().scan(List.of(root.resolve("center/mr"))).studies().get(0);
        SmtpSubmitter center = new SmtpSubmitter(SmtpSettings.of("127.0.0.1", dataCenter.smtpsPort(),
                SmtpSettings.Security.SMTPS, CENTER, PASSWORD, dataCenter.trustStore(), "changeit"));
        for (Path part : new MessageWriter().write(new Addressing(CENTER, VIEWER, Priority.STAT), mr, root.resolve("center/outbox"))) {
            center.submit(smime.sealFromCenter(part), n -> { });
        }
    }

    private static int viewerPort() {
        return Integer.getInteger("radpost.demo.viewer-port", 0);
    }

    private static int imageCount(ViewerAgent agent, org.radpost.wire.StudyUid study) {
        return agent.studies().series(study).stream().mapToInt(s -> s.images().size()).sum();
    }

    private static boolean carries(List<MailboxReader.Fetched> fetched, ObjectType type) {
        return fetched.stream().anyMatch(f -> f.message() != null && f.message().type() == type);
    }

    private static int get(HttpClient http, URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int post(HttpClient http, String token, URI uri, String type, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", type).header("X-CSRF-Token", token)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The token the viewer agent's page embeds for its own POSTs. */
    private static String pageToken(HttpClient http, URI page) throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(page).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"csrf-token\" content=\"([0-9a-f]+)\"").matcher(body);
        return m.find() ? m.group(1) : "";
    }

    private void writeProperties() throws IOException {
        Files.writeString(root.resolve("datacenter.properties"), "# written by ./radpost demo\n"
                + "datacenter.data-dir=" + root.resolve("datacenter") + "\n"
                // No database keys: the embedded database under the data folder, with the password generated beside it.
                + "datacenter.domain=radpost.local\n");
    }

    /** Runs the tracking command the demo prints, in-process, as the user would; true when it names the study. */
    private boolean printedTrackingWorks(String studyUid) {
        var cli = org.radpost.datacenter.cli.DatacenterCli.commandLine();
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        cli.setOut(new java.io.PrintWriter(out));
        cli.setErr(new java.io.PrintWriter(err));
        int exit = cli.execute("track", "--config", root.resolve("datacenter.properties").toString(), studyUid);
        if (exit != 0) {
            say("  datacenter track exited " + exit + ": " + err.toString().strip());
        }
        return exit == 0 && out.toString().contains(studyUid);
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

    /** Signs in to the console as a browser would (CSRF token, session cookie) and reads the study's page. */
    private static boolean consoleShows(DataCenter dataCenter, String studyUid) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .sslContext(org.radpost.wire.tls.TlsIdentity.clientContext(dataCenter.trustStore(), "changeit".toCharArray()))
                .cookieHandler(new java.net.CookieManager()).followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();
        String base = dataCenter.consoleUrl().replaceAll("/$", "");
        String login = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/login")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
        if (!csrf.find()) {
            return false;
        }
        String form = "_csrf=" + enc(csrf.group(1)) + "&username=" + enc(CONSOLE_USER) + "&password=" + enc(CONSOLE_PASSWORD);
        http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        java.net.http.HttpResponse<String> page = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "/tracking/study/" + studyUid)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return page.statusCode() == 200 && page.body().contains(studyUid) && page.body().contains("REPORTED");
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
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
