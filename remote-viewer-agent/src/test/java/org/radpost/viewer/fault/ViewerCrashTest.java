package org.radpost.viewer.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.radpost.testkit.SampleStudy;
import org.radpost.viewer.GreenMailTls;
import org.radpost.viewer.TestMail;
import org.radpost.viewer.cli.ViewerCli;
import org.radpost.viewer.store.ImageInfo;
import org.radpost.viewer.store.LocalDatabase;
import org.radpost.viewer.store.OutgoingKind;
import org.radpost.viewer.store.OutgoingQueue;
import org.radpost.viewer.store.SeriesInfo;
import org.radpost.viewer.store.Studies;
import org.radpost.wire.Priority;
import org.radpost.wire.StudyUid;
import org.radpost.wire.WireHeaders;

/**
 * Kills the agent process dead (Runtime.halt, as kill -9) at each of its fault points, restarts it, and checks that
 * nothing was lost or duplicated: every image indexed once, the mailbox emptied, no spool leftovers, one receipt.
 */
class ViewerCrashTest {
    private static final Pattern URL = Pattern.compile("open (http://\\S+/)");
    private static final int IMAGES = 4;

    @TempDir
    Path dir;

    private TestMail mail;
    private Path config;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        mail = new TestMail();
        Properties p = new Properties();
        p.setProperty("data", dir.resolve("viewer").toString());
        p.setProperty("pop3.host", "127.0.0.1");
        p.setProperty("pop3.port", Integer.toString(mail.pop3().port()));
        p.setProperty("pop3.user", TestMail.VIEWER);
        p.setProperty("pop3.password", TestMail.PASSWORD);
        p.setProperty("smtp.host", "127.0.0.1");
        p.setProperty("smtp.port", Integer.toString(mail.smtp().port()));
        p.setProperty("truststore", GreenMailTls.trustStore().toString());
        p.setProperty("truststore.password", GreenMailTls.PASSWORD);
        p.setProperty("poll.seconds", "3600"); // one poll at start-up, nothing in the background after it
        p.setProperty("web.port", "0");
        p.setProperty("reader.name", "Dr. Demo Radiologist");
        config = dir.resolve("viewer.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            p.store(out, null);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : started) {
            p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        mail.close();
    }

    @ParameterizedTest
    @EnumSource(value = FaultPoint.class, names = {"MID_DOWNLOAD", "MID_EXTRACT"})
    void aKillWhileFetchingLosesAndDuplicatesNothing(FaultPoint point) throws Exception {
        SampleStudy study = SampleStudy.ct();
        int messages = mail.deliverStudy(study, IMAGES, 300 * 1024, Priority.ROUTINE, dir.resolve("eml")).size();
        assertThat(messages).isGreaterThan(1);

        Agent killed = agent(point);
        assertThat(killed.process.waitFor(90, TimeUnit.SECONDS)).as("the agent halts at %s", point).isTrue();
        assertThat(killed.process.exitValue()).isEqualTo(137);
        assertThat(mail.viewerMailboxSize()).as("nothing deleted on the server before a commit").isEqualTo(messages);

        Agent restarted = agent(null);
        await().atMost(Duration.ofSeconds(90)).until(() -> mail.viewerMailboxSize() == 0);
        restarted.stop();

        try (Stream<Path> incoming = Files.list(dir.resolve("viewer/incoming"))) {
            assertThat(incoming).as("spool leftovers").isEmpty();
        }
        try (Stream<Path> objects = Files.walk(dir.resolve("viewer/objects"))) {
            assertThat(objects.filter(Files::isRegularFile).count()).isEqualTo(IMAGES);
        }
        try (LocalDatabase database = LocalDatabase.open(dir.resolve("viewer/db"))) {
            List<ImageInfo> images = new Studies(database).series(StudyUid.of(study.studyInstanceUid())).stream()
                    .map(SeriesInfo::images).flatMap(List::stream).toList();
            assertThat(images).hasSize(IMAGES);
            assertThat(images.stream().map(ImageInfo::sopInstanceUid).distinct()).hasSize(IMAGES);
        }
    }

    @Test
    void aKillBetweenTheViewedCommitAndItsReceiptStillSendsExactlyOneReceipt() throws Exception {
        SampleStudy study = SampleStudy.ct();
        mail.deliverStudy(study, 2, 20L * 1024 * 1024, Priority.ROUTINE, dir.resolve("eml"));

        Agent killed = agent(FaultPoint.AFTER_VIEWED_COMMIT);
        URI page = killed.url().resolve("study/" + study.studyInstanceUid());
        // The study page answers once the study is indexed; opening it commits "opened", and there the agent halts.
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            openQuietly(page);
            return !killed.process.isAlive();
        });
        assertThat(killed.process.exitValue()).isEqualTo(137);
        assertThat(receiptsFor(study)).isZero();

        Agent restarted = agent(null);
        await().atMost(Duration.ofSeconds(90)).until(() -> receiptsFor(study) == 1);
        openQuietly(restarted.url().resolve("study/" + study.studyInstanceUid())); // a second opening sends nothing
        restarted.stop();

        assertThat(receiptsFor(study)).isEqualTo(1);
        try (LocalDatabase database = LocalDatabase.open(dir.resolve("viewer/db"))) {
            assertThat(new OutgoingQueue(database).forStudy(StudyUid.of(study.studyInstanceUid())))
                    .filteredOn(m -> m.kind() == OutgoingKind.VIEWED_RECEIPT).hasSize(1);
        }
    }

    private int receiptsFor(SampleStudy study) throws Exception {
        int count = 0;
        for (MimeMessage m : mail.greenMail.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(TestMail.CENTER)
                    && study.studyInstanceUid().equals(m.getHeader(WireHeaders.STUDY_UID, null))
                    && "receipt".equals(m.getHeader(WireHeaders.OBJECT_TYPE, null))) {
                count++;
            }
        }
        return count;
    }

    private static void openQuietly(URI page) {
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // not listening yet, or halted while answering
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The agent as its own process (the launcher's main), halting at the fault point if one is given. */
    private Agent agent(FaultPoint point) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        if (point != null) {
            command.add("-D" + FaultPoint.PROPERTY + "=" + point.name());
        }
        command.addAll(List.of(ViewerCli.class.getName(), "-c", config.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(process);
        CompletableFuture<URI> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    Matcher m = URL.matcher(line);
                    if (m.find()) {
                        url.complete(URI.create(m.group(1)));
                    }
                }
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
        }, "agent-output");
        reader.setDaemon(true);
        reader.start();
        return new Agent(process, url);
    }

    private record Agent(Process process, CompletableFuture<URI> started) {
        URI url() throws Exception {
            return started.get(90, TimeUnit.SECONDS);
        }

        /** Stops it as an operator would (SIGTERM: the agent closes cleanly). */
        void stop() throws Exception {
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }
}
