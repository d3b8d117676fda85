package org.radpost.packager.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.transport.TlsMailServer;

/**
 * {@code packager send}, run as its own process under umask 022, leaves its outbox (the queued messages, their state
 * files, the lock files) readable by its owner only: no folder or file in it grants group or others anything.
 */
class OwnerOnlyOutboxTest {
    @TempDir Path dir;

    @Test
    void nothingInTheOutboxIsReadableByOtherUsersAfterASendAndAQueuedRetry() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
        Path probe = Files.createFile(dir.resolve("probe"));
        assumeTrue(mode(probe).equals("rw-r--r--"), "the process's umask is 022, as on a default install");
        SampleStudy.ct().writeImages(dir.resolve("study"), 2);
        SampleStudy.of("MR", "PID-2", "Doe^John", "ACC-2").writeImages(dir.resolve("later"), 1);
        Path outbox = dir.resolve("outbox");
        TlsMailServer server = TlsMailServer.smtps();
        Path config;
        try {
            config = config(server.port(), outbox);
            CliProcess sent = CliProcess.run(dir, "send", "--config", config.toString(), "--to", "viewer1@radpost.test",
                    dir.resolve("study").toString());
            assertThat(sent.exitCode()).as(sent.toString()).isEqualTo(ExitCodes.ALL_SENT);
        } finally {
            server.stop();
        }
        // With the server gone the second study stays queued: a message and its state wait in the outbox.
        CliProcess queued = CliProcess.run(dir, "send", "--config", config.toString(), "--to", "viewer1@radpost.test",
                dir.resolve("later").toString());
        assertThat(queued.exitCode()).as(queued.toString()).isEqualTo(ExitCodes.QUEUED_FOR_RETRY);

        List<Path> tree;
        try (Stream<Path> walk = Files.walk(outbox)) {
            tree = walk.toList();
        }
        assertThat(tree).filteredOn(Files::isRegularFile).extracting(p -> p.getFileName().toString())
                .anyMatch(n -> n.endsWith(".eml")).anyMatch(n -> n.endsWith(".state"));
        assertThat(tree).allSatisfy(p -> assertThat(mode(p)).as(outbox.relativize(p).toString())
                .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------"));
    }

    private Path config(int port, Path outbox) throws IOException {
        return Files.writeString(dir.resolve("packager.properties"), String.join("\n",
                "smtp.host=127.0.0.1",
                "smtp.port=" + port,
                "smtp.security=smtps",
                "smtp.user=" + TlsMailServer.USER,
                "smtp.password=" + TlsMailServer.PASSWORD,
                "smtp.truststore=" + TlsMailServer.trustStore(),
                "smtp.truststore.password=" + new String(TlsMailServer.STORE_PASSWORD),
                "smtp.connect-timeout=2s",
                "from=" + TlsMailServer.ADDRESS,
                "outbox=" + outbox,
                ""));
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
