package org.radpost.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.SampleStudy;
import org.radpost.testkit.TestDatabases;
import org.radpost.viewer.ViewerAgent;
import org.radpost.viewer.config.ClientTls;
import org.radpost.viewer.config.MailServer;
import org.radpost.viewer.config.ViewerConfig;
import org.radpost.wire.Priority;
import org.radpost.wire.StudyUid;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * The data center's mailbox events against a real viewer agent that polls only once an hour: a STAT study reaches
 * the agent's store within seconds only because the push told it to poll; the stream refuses a wrong password,
 * carries counts only, and the agent reconnects after the data center restarts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MailboxPushSystemTest {
    static final String CENTER = "center1@radpost.test";
    static final String VIEWER = "viewer1@radpost.test";
    static final String PASSWORD = "push-system-pw";
    /** Well under the hour between polls, and far over what the push takes. */
    static final Duration ARRIVAL = Duration.ofSeconds(15);

    @TempDir
    static Path dir;

    static DatabaseConfig database;
    static DatacenterConfig config;
    static DataCenter dataCenter;
    static ViewerAgent agent;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabases.freshMariaDb();
        // Fixed ports, so the restarted data center is where the agent looks for it.
        DatacenterConfig local = DatacenterConfig.local(dir.resolve("dc"), database);
        config = new DatacenterConfig(local.dataDir(), local.domain(), database, "127.0.0.1", freePort(), freePort(), freePort(),
                local.maxMessageBytes(), null, null, null, 0, 0, null, 0, null, false, null, freePort());
        dataCenter = DataCenter.start(config, Clock.systemUTC());
        dataCenter.directory().addCenter("c1", "Center One", CENTER, PASSWORD);
        dataCenter.directory().addViewer("v1", "Dr. Push Reader", VIEWER, PASSWORD, AccessLevel.FULL);
        dataCenter.directory().authorize("c1", "v1", "CT");
        agent = ViewerAgent.start(new ViewerConfig(dir.resolve("viewer"),
                new MailServer("127.0.0.1", dataCenter.pop3sPort(), true, VIEWER, PASSWORD),
                new MailServer("127.0.0.1", dataCenter.smtpsPort(), true, VIEWER, PASSWORD),
                dataCenter.trustStore(), "changeit", Duration.ofHours(1), "127.0.0.1", 0, "Dr. Push Reader", VIEWER, "")
                .withEvents(eventsUrl()));
        Awaitility.await("the agent's start-up poll").atMost(Duration.ofSeconds(30))
                .until(() -> agent.poller().lastResult().isPresent());
        Awaitility.await("the agent's event stream").atMost(Duration.ofSeconds(30))
                .until(() -> agent.events().orElseThrow().connections() >= 1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (dataCenter != null) {
            dataCenter.close();
        }
        TestDatabases.drop(database);
    }

    @Test
    @Order(1)
    void aStatStudyReachesAnAgentPollingHourlyWithinSecondsBecauseOfThePush() throws Exception {
        String studyUid = sendStat(SampleStudy.of("CT", "PID-PUSH-1", "PUSH^ANNA", "ACC-PUSH-1"), "push1");

        Awaitility.await("the STAT study in the agent's store, an hour before its next poll").atMost(ARRIVAL)
                .until(() -> !images(studyUid).isEmpty());
    }

    @Test
    @Order(2)
    void aWrongPasswordGets401AndNoEvents() throws Exception {
        HttpResponse<String> refused = client().send(request("viewer1@radpost.test", "not-the-password"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(refused.body()).doesNotContain("event:").doesNotContain("data:");
        assertThat(client().send(HttpRequest.newBuilder(eventsUrl()).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).as("no credentials at all").isEqualTo(401);
    }

    @Test
    @Order(3)
    void anEventCarriesCountsOnlyAndNoPatientData() throws Exception {
        HttpResponse<InputStream> stream = client().send(request(VIEWER, PASSWORD), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception e) {
                // closed at the end of the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        assertThat(lines.poll(10, TimeUnit.SECONDS)).as("the state on connecting").isEqualTo("event: mailbox");
        lines.clear();

        SampleStudy study = SampleStudy.of("CT", "PID-SECRET-77", "SECRET^PATIENT", "ACC-SECRET-77");
        String studyUid = sendStat(study, "secret");
        StringBuilder seen = new StringBuilder();
        String data = null;
        long until = System.nanoTime() + ARRIVAL.toNanos();
        while (data == null && System.nanoTime() < until) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                seen.append(line).append('\n');
                data = line.startsWith("data:") ? line.substring(5).strip() : null;
            }
        }
        stream.body().close();

        assertThat(data).as("an event after the delivery; the stream said:%n%s", seen).isNotNull()
                .matches("\\{\"waiting\":\\d+,\"stat\":(true|false)\\}");
        assertThat(seen.toString()).doesNotContain("SECRET").doesNotContain("PID-").doesNotContain(studyUid)
                .doesNotContain("ACC-");
    }

    @Test
    @Order(4)
    void theAgentReconnectsAfterTheDataCenterRestartsAndThePushWorksAgain() throws Exception {
        int before = agent.events().orElseThrow().connections();
        dataCenter.close();
        dataCenter = DataCenter.start(config, Clock.systemUTC());
        Awaitility.await("the agent's stream open again").atMost(Duration.ofSeconds(60))
                .until(() -> agent.events().orElseThrow().connections() > before);

        String studyUid = sendStat(SampleStudy.of("CT", "PID-PUSH-2", "PUSH^BERT", "ACC-PUSH-2"), "push2");

        Awaitility.await("the STAT study after the restart, without a poll on the interval").atMost(ARRIVAL)
                .until(() -> !images(studyUid).isEmpty());
    }

    private static String sendStat(SampleStudy study, String name) throws Exception {
        study.writeImages(dir.resolve(name), 1);
        StudyBatch batch = new StudyScanner().scan(List.of(dir.resolve(name))).studies().get(0);
        List<Path> parts = new MessageWriter(20L * 1024 * 1024).write(new Addressing(CENTER, VIEWER, Priority.STAT), batch,
                dir.resolve(name + "-out"));
        SmtpSubmitter center = new SmtpSubmitter(SmtpSettings.of("127.0.0.1", dataCenter.startTlsPort(),
                SmtpSettings.Security.STARTTLS, CENTER, PASSWORD, dataCenter.trustStore(), "changeit"));
        for (Path part : parts) {
            assertThat(center.submit(part, n -> { })).isInstanceOf(SubmitOutcome.Sent.class);
        }
        return batch.studyUid().value();
    }

    private static List<?> images(String studyUid) {
        return agent.studies().series(StudyUid.of(studyUid)).stream().flatMap(s -> s.images().stream()).toList();
    }

    private static URI eventsUrl() {
        return URI.create("https://127.0.0.1:" + config.mailboxEventsPort() + "/mailbox/events");
    }

    private static HttpClient client() throws Exception {
        return HttpClient.newBuilder().sslContext(ClientTls.context(dataCenter.trustStore(), "changeit")).build();
    }

    private static HttpRequest request(String user, String password) {
        return HttpRequest.newBuilder(eventsUrl()).header("Accept", "text/event-stream").header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))).GET().build();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
