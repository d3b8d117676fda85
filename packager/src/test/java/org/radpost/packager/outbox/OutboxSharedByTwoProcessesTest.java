package org.radpost.packager.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.wire.transport.SampleMessages;
import org.radpost.wire.transport.TlsMailServer;

/** Two packager processes on one outbox (a send while the daemon runs) both finish, and every message goes once. */
class OutboxSharedByTwoProcessesTest {
    @TempDir
    Path dir;

    @Test
    void twoProcessesHammeringOneOutboxNeitherFailsAndEveryMessageGoesOnce() throws Exception {
        int perSender = 40;
        Path template = SampleMessages.write(dir, 1, 1024 * 1024).messages().get(0);
        Path outbox = dir.resolve("outbox");
        Outbox.open(outbox);
        Path stop = dir.resolve("stop");
        try (TlsMailServer server = TlsMailServer.smtps()) {
            String port = Integer.toString(server.port());
            String trust = TlsMailServer.trustStore().toString();
            String password = new String(TlsMailServer.STORE_PASSWORD);
            Process daemon = start("daemon", outbox, template, stop.toString(), port, trust, password);
            List<Process> senders = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                senders.add(start("send", outbox, template, Integer.toString(perSender), port, trust, password));
            }
            for (Process sender : senders) {
                assertThat(sender.waitFor(240, TimeUnit.SECONDS)).isTrue();
            }
            Files.createFile(stop);
            assertThat(daemon.waitFor(120, TimeUnit.SECONDS)).isTrue();

            for (Process process : senders) {
                assertThat(process.exitValue()).as(errors(process)).isZero();
            }
            assertThat(daemon.exitValue()).as(errors(daemon)).isZero();
            assertThat(Outbox.open(outbox).list()).isEmpty();
            assertThat(server.greenMail().getReceivedMessages()).as("each message exactly once").hasSize(2 * perSender);
        }
    }

    private Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), OutboxHammer.class.getName()));
        for (Object arg : args) {
            command.add(arg.toString());
        }
        Path err = Files.createTempFile(dir, "hammer", ".err");
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(File.createTempFile("hammer", ".out"))
                .start();
        errorFiles.add(new Object[] {process, err});
        return process;
    }

    private Process start(String mode, Path outbox, Path template, String countOrStop, String port, String trust, String password)
            throws Exception {
        return start(new String[] {mode, outbox.toString(), template.toString(), countOrStop, port, trust, password});
    }

    private final List<Object[]> errorFiles = new ArrayList<>();

    private String errors(Process process) {
        for (Object[] pair : errorFiles) {
            if (pair[0] == process) {
                try {
                    return Files.readString((Path) pair[1]);
                } catch (Exception e) {
                    return e.toString();
                }
            }
        }
        return "";
    }
}
