package org.radpost.datacenter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.datacenter.directory.Directory;
import org.radpost.schema.Database;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;

/** {@code datacenter serve} as an operator runs it: on the embedded database, its log file, and SIGTERM. */
class ServeProcessTest {
    private static final String CENTER = "center1@radpost.local";
    private static final String VIEWER = "viewer1@radpost.local";
    private static final String PASSWORD = "serve-pw-1";
    @TempDir
    Path dir;
    Process serve;

    @AfterEach
    void kill() {
        if (serve != null) {
            serve.destroyForcibly();
        }
    }

    private Path start() throws Exception {
        Path data = dir.resolve("data");
        Path properties = dir.resolve("datacenter.properties");
        Files.writeString(properties, String.join("\n", "datacenter.data-dir=" + data, "datacenter.domain=radpost.local",
                "datacenter.smtps-port=0", "datacenter.starttls-port=0", "datacenter.pop3s-port=0", "datacenter.console-port=0", ""));
        try (Database db = Database.open(DatacenterConfig.load(properties).database(), DataCenter.ENTITIES)) {
            Directory directory = new Directory(db.sessionFactory(), Clock.systemUTC());
            directory.addCenter("c1", "Center One", CENTER, PASSWORD);
            directory.addViewer("v1", "Dr. One", VIEWER, PASSWORD, AccessLevel.FULL);
            directory.authorize("c1", "v1", null);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DatacenterCli.class.getName(), "serve", "--config", properties.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        builder.environment().put("RADPOST_LOG_LEVEL", "INFO");
        serve = builder.start();
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> out().contains("Console: https://"));
        return data;
    }

    private String out() throws Exception {
        return Files.readString(dir.resolve("out.txt"));
    }

    private String err() throws Exception {
        return Files.readString(dir.resolve("err.txt"));
    }

    private int smtpsPort() throws Exception {
        Matcher m = Pattern.compile("SMTPS [0-9.]+:(\\d+)").matcher(out());
        assertThat(m.find()).as(out()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private void send(Path data, String to, String password) throws Exception {
        SampleStudy study = SampleStudy.ct();
        Path folder = dir.resolve("study-" + System.nanoTime());
        study.writeImages(folder, 2);
        var batch = new StudyScanner().scan(List.of(folder)).studies().get(0);
        var submitter = new SmtpSubmitter(SmtpSettings.of("127.0.0.1", smtpsPort(), SmtpSettings.Security.SMTPS, CENTER, password,
                data.resolve("tls").resolve("truststore.p12"), "changeit"));
        for (Path part : new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP).write(new Addressing(CENTER, to, Priority.ROUTINE), batch,
                Files.createTempDirectory(dir, "out"))) {
            submitter.submit(part, n -> { });
        }
    }

    @Test
    void theLogFileShowsDatedRoutingQuarantineDeliveryAndFailedLogins() throws Exception {
        Path data = start();
        send(data, VIEWER, PASSWORD);
        send(data, "nobody@radpost.local", PASSWORD);
        try {
            send(data, VIEWER, "wrong-password");
        } catch (Exception refused) {
            // The submitter reports the refused AUTH; the log line is what this test is about.
        }
        Path log = data.resolve("logs").resolve("datacenter.log");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(log)
                && Files.readString(log).contains("QUARANTINED") && Files.readString(log).contains("QUEUED"));
        String text = Files.readString(log);
        assertThat(text).contains("ROUTED").contains("QUEUED").contains("QUARANTINED").containsPattern("login for '" + CENTER + "' from \\S+ failed");
        assertThat(text.lines().filter(l -> l.contains(" INFO ")))
                .allMatch(l -> l.matches("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} .*"));
        assertThat(err()).containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO");
    }

    @Test
    void sigtermStopsInOrderWithoutAStackTrace() throws Exception {
        Path data = start();
        send(data, VIEWER, PASSWORD);
        Thread.sleep(1000);
        serve.destroy(); // SIGTERM
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(err()).doesNotContain("already closed").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Files.readString(data.resolve("logs").resolve("datacenter.log"))).contains("data center stopped");
    }
}
