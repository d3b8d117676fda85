package org.radpost.packager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.packager.outbox.Outbox;
import org.radpost.packager.outbox.OutboxEntry;
import org.radpost.packager.outbox.OutboxState;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.transport.TlsMailServer;
import picocli.CommandLine;

class PackagerCliTest {
    @TempDir
    Path dir;
    private TlsMailServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startServer() {
        server = TlsMailServer.smtps();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    @Test
    void sendPackagesAStudyAndExitsZeroOnceTheServerHasIt() throws IOException {
        Path config = config(server.port(), TlsMailServer.PASSWORD);
        SampleStudy.ct().writeImages(dir.resolve("study"), 4);

        int exit = run("send", "--config", config.toString(), "--to", "viewer1@radpost.test", "--priority", "stat",
                dir.resolve("study").toString());

        assertThat(exit).as(out + "\n" + err).isEqualTo(ExitCodes.ALL_SENT);
        assertThat(out.toString()).contains("Found 1 study, 4 object(s)").contains("Sent 1 of 1 message(s)").contains("MB/s");
        assertThat(server.greenMail().getReceivedMessages()).singleElement()
                .satisfies(m -> assertThat(m.getHeader("X-RadPost-Priority", null)).isEqualToIgnoringCase("stat"));
        assertThat(Outbox.open(dir.resolve("outbox")).list()).isEmpty();
    }

    @Test
    void sendNamesEachBadFileWithItsReasonSendsTheRestAndExitsOne() throws IOException {
        Path config = config(server.port(), TlsMailServer.PASSWORD);
        SampleStudy.ct().writeImages(dir.resolve("study"), 2);
        Files.writeString(dir.resolve("study").resolve("notes.txt"), "not an image");

        int exit = run("send", "--config", config.toString(), "--to", "viewer1@radpost.test", dir.resolve("study").toString());

        assertThat(exit).as(out + "\n" + err).isEqualTo(ExitCodes.FILES_SKIPPED);
        assertThat(err.toString()).contains("notes.txt: notes.txt is not a DICOM file");
        assertThat(server.greenMail().getReceivedMessages()).hasSize(1);
    }

    @Test
    void anUnreachableServerLeavesTheMessagesQueuedExitsTwoAndTheOutboxSaysWhy() throws IOException {
        Path config = config(closedPort(), TlsMailServer.PASSWORD);
        SampleStudy.ct().writeImages(dir.resolve("study"), 2);

        int exit = run("send", "--config", config.toString(), "--to", "viewer1@radpost.test", "--size-cap", "200KB",
                dir.resolve("study").toString());

        assertThat(exit).as(out + "\n" + err).isEqualTo(ExitCodes.QUEUED_FOR_RETRY);
        assertThat(out.toString()).contains("Sent 0 of 2").contains("refused").contains("not tried");
        out.getBuffer().setLength(0);
        assertThat(run("outbox", "--config", config.toString())).isZero();
        assertThat(out.toString()).contains("1/2").contains("2/2").contains("queued").contains("refused");
    }

    @Test
    void aRejectionExitsThreeStaysInTheOutboxAndIsSentAfterRetry() throws IOException {
        SampleStudy.ct().writeImages(dir.resolve("study"), 1);

        int exit = run("send", "--config", config(server.port(), "wrong-password").toString(), "--to", "viewer1@radpost.test",
                dir.resolve("study").toString());

        assertThat(exit).as(out + "\n" + err).isEqualTo(ExitCodes.REJECTED);
        assertThat(out.toString()).contains("535 5.7.8").contains("packager outbox retry");
        List<OutboxEntry> kept = Outbox.open(dir.resolve("outbox")).list();
        assertThat(kept).singleElement().satisfies(e -> assertThat(e.state()).isEqualTo(OutboxState.FAILED));

        Path fixed = config(server.port(), TlsMailServer.PASSWORD);
        assertThat(run("outbox", "retry", kept.get(0).id(), "--config", fixed.toString())).isZero();
        assertThat(run("daemon", "--once", "--config", fixed.toString())).as(out + "\n" + err).isZero();
        assertThat(server.greenMail().getReceivedMessages()).hasSize(1);
    }

    @Test
    void missingOrWrongSettingsExit64AndSayWhatToFix() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.properties"), "from=center1@center.radpost.test\n");
        SampleStudy.ct().writeImages(dir.resolve("study"), 1);

        int missing = run("send", "--config", empty.toString(), "--to", "viewer1@radpost.test", dir.resolve("study").toString());
        assertThat(missing).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("smtp.host").contains("smtp.user").contains("smtp.truststore");

        err.getBuffer().setLength(0);
        int wrong = run("send", "--config", config(server.port(), TlsMailServer.PASSWORD).toString(), "--smtp-security", "tls",
                "--to", "viewer1@radpost.test", dir.resolve("study").toString());
        assertThat(wrong).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("use smtps or starttls");

        assertThat(run("send", "--config", empty.toString())).as("no --to, no files").isEqualTo(ExitCodes.USAGE);
    }

    private int run(String... args) {
        CommandLine cli = PackagerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path config(int port, String password) throws IOException {
        return Files.writeString(dir.resolve("packager-" + port + "-" + password + ".properties"), String.join("\n",
                "smtp.host=127.0.0.1",
                "smtp.port=" + port,
                "smtp.security=smtps",
                "smtp.user=" + TlsMailServer.USER,
                "smtp.password=" + password,
                "smtp.truststore=" + TlsMailServer.trustStore(),
                "smtp.truststore.password=" + new String(TlsMailServer.STORE_PASSWORD),
                "smtp.connect-timeout=5s",
                "from=" + TlsMailServer.ADDRESS,
                "outbox=outbox",
                ""));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
