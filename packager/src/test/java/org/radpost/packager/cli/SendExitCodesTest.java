package org.radpost.packager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.testkit.SampleObjects;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.transport.TlsMailServer;

/** {@code packager send} run as a user runs it (its own JVM, real exit codes, real stderr) against a TLS mail server. */
class SendExitCodesTest {
    @TempDir
    Path dir;
    private TlsMailServer server;

    @BeforeEach
    void startServer() {
        server = TlsMailServer.smtps();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    @Test
    void aCdExportFolderIsSentWholeAndExitsZeroWithItsMediaFilesIgnoredQuietly() throws Exception {
        Path cd = dir.resolve("cd");
        SampleStudy.ct().writeImages(cd.resolve("DICOM").resolve("ST000"), 3);
        SampleObjects.writeDicomdir(cd);
        Files.writeString(cd.resolve("README.TXT"), "This disc holds images in DICOM format. Insert it and run VIEWER.EXE.\r\n");
        Files.writeString(cd.resolve("AUTORUN.INF"), "[autorun]\r\nopen=VIEWER\\VIEWER.EXE\r\n");
        Files.createDirectories(cd.resolve("VIEWER"));
        Files.write(cd.resolve("VIEWER").resolve("VIEWER.EXE"), new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0});

        CliProcess send = CliProcess.run(dir, "send", "--config", config().toString(), "--to", "viewer1@radpost.test", cd.toString());

        assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCodes.ALL_SENT);
        assertThat(send.out()).contains("Found 1 study, 3 object(s)").contains("4 media file(s) of a CD/DVD export ignored");
        assertThat(send.err()).doesNotContain("skipped").doesNotContain("DICOMDIR").doesNotContain("README");
        assertThat(server.greenMail().getReceivedMessages()).hasSize(1);
    }

    @Test
    void aMisspelledPathSendsNothingAndExitsWithTheNoInputCode() throws Exception {
        SampleStudy.ct().writeImages(dir.resolve("study"), 2);

        CliProcess send = CliProcess.run(dir, "send", "--config", config().toString(), "--to", "viewer1@radpost.test",
                dir.resolve("study").toString(), dir.resolve("stduy").toString());

        assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCodes.NO_INPUT).isNotEqualTo(ExitCodes.FILES_SKIPPED);
        assertThat(send.err()).contains("stduy").contains("no such file or folder");
        assertThat(server.greenMail().getReceivedMessages()).isEmpty();
    }

    @Test
    void anEmptyFolderExitsWithTheNothingToSendCode() throws Exception {
        Files.createDirectories(dir.resolve("empty"));

        CliProcess send = CliProcess.run(dir, "send", "--config", config().toString(), "--to", "viewer1@radpost.test",
                dir.resolve("empty").toString());

        assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCodes.NOTHING_TO_SEND).isNotZero();
        assertThat(send.out()).contains("Nothing to send");
    }

    @Test
    void everyExitCodeTheCommandUsesIsListedInItsHelp() throws Exception {
        CliProcess help = CliProcess.run(dir, "send", "--help");

        String shown = help.out().replaceAll("\\s+", " ");
        for (String entry : new String[] {ExitCodes.HELP_0, ExitCodes.HELP_1, ExitCodes.HELP_2, ExitCodes.HELP_3, ExitCodes.HELP_4,
            ExitCodes.HELP_64, ExitCodes.HELP_66, ExitCodes.HELP_74}) {
            assertThat(shown).contains(" " + entry.replaceFirst(":", " ") + " ");
        }
    }

    @Test
    void pixelMedsConsoleLinesStayOutOfTheCommandsStderr() throws Exception {
        for (Path file : SampleStudy.ct().transferSyntax(com.pixelmed.dicom.TransferSyntax.ImplicitVRLittleEndian)
                .writeImages(dir.resolve("bare"), 2)) {
            SampleObjects.dropTransferSyntaxFromMetaHeader(file);
        }

        CliProcess send = CliProcess.run(dir, "send", "--config", config().toString(), "--to", "viewer1@radpost.test",
                dir.resolve("bare").toString());

        assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCodes.ALL_SENT);
        assertThat(send.err()).doesNotContain("Transfer Syntax UID was not specified").doesNotContain("Error:");
    }

    private Path config() throws IOException {
        return Files.writeString(dir.resolve("packager.properties"), String.join("\n",
                "smtp.host=127.0.0.1",
                "smtp.port=" + server.port(),
                "smtp.security=smtps",
                "smtp.user=" + TlsMailServer.USER,
                "smtp.password=" + TlsMailServer.PASSWORD,
                "smtp.truststore=" + TlsMailServer.trustStore(),
                "smtp.truststore.password=" + new String(TlsMailServer.STORE_PASSWORD),
                "smtp.connect-timeout=5s",
                "from=" + TlsMailServer.ADDRESS,
                "outbox=" + dir.resolve("outbox"),
                ""));
    }
}
