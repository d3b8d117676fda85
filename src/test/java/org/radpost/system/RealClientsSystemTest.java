package org.radpost.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.wire.Priority;
import org.radpost.wire.WireHeaders;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.tls.DeploymentCa;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.TestDatabases;

/** Clients no one here wrote: swaks submits a packaged study over STARTTLS, curl lists and fetches it over POP3S. */
class RealClientsSystemTest {
    static final String CENTER = "center1@radpost.test";
    static final String VIEWER = "viewer1@radpost.test";
    static final String PASSWORD = "clients-pw";

    @TempDir
    static Path dir;

    static DatabaseConfig database;
    static DataCenter dataCenter;
    static Path caPem;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabases.freshMariaDb();
        dataCenter = DataCenter.start(DatacenterConfig.local(dir.resolve("dc"), database), Clock.systemUTC());
        dataCenter.directory().addCenter("c1", "Center One", CENTER, PASSWORD);
        dataCenter.directory().addViewer("v1", "Dr. Viewer", VIEWER, PASSWORD, AccessLevel.FULL);
        dataCenter.directory().authorize("c1", "v1", null);
        caPem = DeploymentCa.load(dataCenter.config().tlsDir(), dataCenter.config().keyStorePassword()).writeCertificatePem(dir.resolve("ca.pem"));
    }

    @AfterAll
    static void stop() {
        dataCenter.close();
        TestDatabases.drop(database);
    }

    @Test
    void swaksSubmitsAPackagedStudyAndCurlFetchesItFromTheViewersMailbox() throws Exception {
        SampleStudy.ct().size(64, 64).writeImages(dir.resolve("study"), 3);
        StudyBatch batch = new StudyScanner().scan(List.of(dir.resolve("study"))).studies().get(0);
        Path eml = new MessageWriter().write(new Addressing(CENTER, VIEWER, Priority.ROUTINE), batch, dir.resolve("out")).get(0);

        String swaks = run(List.of("swaks", "--server", "127.0.0.1:" + dataCenter.startTlsPort(), "--tls", "--tls-verify",
                "--tls-ca-path", caPem.toString(), "--auth", "PLAIN", "--auth-user", CENTER, "--auth-password", PASSWORD,
                "--from", CENTER, "--to", VIEWER, "--data", eml.toString(), "--timeout", "60"));
        assertThat(swaks).contains("250 2.0.0");

        String base = "pop3s://127.0.0.1:" + dataCenter.pop3sPort() + "/";
        List<String> listing = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            listing.clear();
            listing.addAll(curl(base).lines().toList());
            return !listing.isEmpty();
        });
        assertThat(listing).hasSize(1);
        assertThat(curl(base, "-X", "UIDL").lines().toList()).singleElement().asString().matches("1 [0-9a-f-]{36}");
        String message = curl(base + "1");
        assertThat(message).contains(WireHeaders.STUDY_UID + ": " + batch.studyUid())
                .contains(WireHeaders.OBJECT_COUNT + ": 3")
                .contains("uid=" + batch.objects().get(2).summary().sopInstanceUid());
    }

    private static String curl(String url, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--max-time", "60",
                "--cacert", caPem.toString(), "-u", VIEWER + ":" + PASSWORD, url));
        command.addAll(List.of(extra));
        return run(command);
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + text).isZero();
        return text;
    }
}
