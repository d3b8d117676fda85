package org.radpost.datacenter.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * A data center started in an empty folder under umask 022 (what a plain file created here shows) keeps its data
 * folder, spool, embedded database and every key store readable by its owner only, and its CA's key store is not
 * protected by the well-known "changeit".
 */
class OwnerOnlyFilesTest {
    static final String CENTER = "center1@radpost.test";
    static final String VIEWER = "viewer1@radpost.test";
    static final String PASSWORD = "s3cret-pw";
    @TempDir Path dir;

    @Test
    void theDataFolderSpoolDatabaseAndKeyStoresAreOwnerOnlyAndTheCaKeyHasAGeneratedPassword() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
        Path probe = Files.createFile(dir.resolve("probe"));
        assumeTrue(mode(probe).equals("rw-r--r--"), "the process's umask is 022, as on a default install");

        Path data = dir.resolve("datacenter");
        DatacenterConfig config = DatacenterConfig.local(data, DatabaseConfig.embedded(data.resolve("db")));
        try (DataCenter dataCenter = DataCenter.start(config, Clock.systemUTC())) {
            dataCenter.directory().addCenter("c1", "Center One", CENTER, PASSWORD);
            dataCenter.directory().addViewer("v1", "Dr. One", VIEWER, PASSWORD, AccessLevel.FULL);
            dataCenter.directory().authorize("c1", "v1", null);
            SampleStudy.of("CT", "PID-1", "Doe^Jane", "ACC-1").writeImages(dir.resolve("study"), 1);
            Path eml = new MessageWriter().write(new Addressing(CENTER, VIEWER, Priority.ROUTINE),
                    new StudyScanner().scan(List.of(dir.resolve("study"))).studies().get(0), dir.resolve("out")).get(0);
            SubmitOutcome sent = new SmtpSubmitter(SmtpSettings.of("127.0.0.1", dataCenter.smtpsPort(), SmtpSettings.Security.SMTPS,
                    CENTER, PASSWORD, dataCenter.trustStore(), "changeit")).submit(eml, n -> { });
            assertThat(sent).isInstanceOf(SubmitOutcome.Sent.class);

            for (Path folder : List.of(data, data.resolve("spool"), data.resolve("db"), data.resolve("tls"))) {
                assertThat(mode(folder)).as(folder.toString()).isEqualTo("rwx------");
            }
            assertThat(files(data.resolve("spool"))).isNotEmpty().allSatisfy(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
            assertThat(files(data.resolve("db"))).extracting(p -> p.getFileName().toString())
                    .contains("radpost.mv.db", "db.password");
            assertThat(files(data.resolve("db"))).allSatisfy(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
            Path tls = data.resolve("tls");
            for (String name : List.of("ca.p12", "server.p12", "console.p12", "truststore.p12", "keystore.password")) {
                assertThat(mode(tls.resolve(name))).as(name).isEqualTo("rw-------");
            }

            char[] generated = Files.readString(tls.resolve("keystore.password"), StandardCharsets.US_ASCII).strip().toCharArray();
            assertThat(generated.length).isGreaterThanOrEqualTo(32);
            assertThatThrownBy(() -> open(tls.resolve("ca.p12"), "changeit".toCharArray())).isInstanceOf(java.io.IOException.class);
            assertThat(open(tls.resolve("ca.p12"), generated).isKeyEntry("radpost-ca")).isTrue();
            assertThat(open(tls.resolve("server.p12"), generated).size()).isEqualTo(1);
            // The trust store holds the CA certificate only: clients keep opening it with the public password.
            assertThat(open(tls.resolve("truststore.p12"), "changeit".toCharArray()).isCertificateEntry("radpost-ca")).isTrue();
        }
    }

    private static KeyStore open(Path file, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }

    private static List<Path> files(Path folder) throws Exception {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(Files::isRegularFile).toList();
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
