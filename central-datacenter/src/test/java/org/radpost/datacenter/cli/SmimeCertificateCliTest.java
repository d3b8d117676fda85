package org.radpost.datacenter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.directory.SmimeCertificates;
import org.radpost.schema.Database;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.TestDatabases;
import org.radpost.wire.smime.Certificates;
import org.radpost.wire.smime.SmimeIdentity;
import org.radpost.wire.tls.DeploymentCa;
import org.radpost.wire.tls.KeyStorePassword;

/** The directory holds centers' and viewers' S/MIME certificates, issued or set from the command line (its own JVM). */
class SmimeCertificateCliTest {
    @TempDir
    static Path dir;
    static Path work;
    static DatabaseConfig database;

    @BeforeAll
    static void configure() throws Exception {
        work = Files.createDirectories(dir.resolve("work"));
        database = TestDatabases.freshMariaDb();
        Files.writeString(work.resolve("datacenter.properties"), String.join("\n",
                "datacenter.data-dir=" + dir.resolve("dc"), "datacenter.domain=radpost.test",
                "datacenter.db.url=" + database.jdbcUrl(), "datacenter.db.user=" + database.user(),
                "datacenter.db.password=" + database.password(), ""));
        assertThat(run("add-center", "--code", "c1", "--name", "One", "--address", "center1@radpost.test",
                "--password-file", password()).exitCode()).isZero();
        assertThat(run("add-viewer", "--code", "v1", "--name", "Dr. One", "--address", "viewer1@radpost.test",
                "--password-file", password()).exitCode()).isZero();
    }

    @AfterAll
    static void drop() {
        TestDatabases.drop(database);
    }

    @Test
    void certificateForACenterIssuesAnOwnerOnlyKeyAndTheDirectoryHoldsItsCertificate() throws Exception {
        CliProcess.Result result = run("certificate", "--center", "c1");
        assertThat(result.exitCode()).as(result.all()).isZero();

        Path keyStore = dir.resolve("dc/tls/c1.p12");
        assertThat(Files.getPosixFilePermissions(keyStore)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        // An issued key store has a password of its own, in <alias>.password beside it.
        SmimeIdentity issued = SmimeIdentity.load(keyStore, Files.readString(dir.resolve("dc/tls/c1.password")).strip().toCharArray());
        assertThat(Certificates.read(dir.resolve("dc/tls/c1.pem"))).isEqualTo(issued.certificate());
        assertThat(held("center1@radpost.test")).contains(issued.certificate());
        assertThat(audit()).contains("smime-certificate center c1");
    }

    @Test
    void setCertificateHoldsAViewerCertificateAndRefusesOneForAnotherAddress() throws Exception {
        DeploymentCa ca = ca();
        Path mine = pem(ca, "viewer1-elsewhere", "viewer1@radpost.test");
        Path someoneElses = pem(ca, "viewer9", "viewer9@radpost.test");

        CliProcess.Result wrong = run("set-certificate", "--viewer", "v1", "--certificate", someoneElses.toString());
        assertThat(wrong.exitCode()).as(wrong.all()).isNotZero();
        assertThat(wrong.err()).contains("viewer9@radpost.test").contains("not viewer1@radpost.test");
        assertThat(held("viewer1@radpost.test")).isEmpty();

        CliProcess.Result set = run("set-certificate", "--viewer", "v1", "--certificate", mine.toString());
        assertThat(set.exitCode()).as(set.all()).isZero();
        assertThat(held("viewer1@radpost.test")).contains(Certificates.read(mine));
    }

    @Test
    void addViewerTakesItsCertificate() throws Exception {
        DeploymentCa ca = ca();
        Path certificate = pem(ca, "viewer2", "viewer2@radpost.test");
        CliProcess.Result result = run("add-viewer", "--code", "v2", "--name", "Dr. Two", "--address", "viewer2@radpost.test",
                "--password-file", password(), "--certificate", certificate.toString());
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(held("viewer2@radpost.test")).contains(Certificates.read(certificate));
    }

    /** The deployment CA as the data center keeps it: its key stores under the password generated into the folder. */
    private static DeploymentCa ca() throws Exception {
        Path tls = dir.resolve("dc/tls");
        return DeploymentCa.loadOrCreate(tls, "RadPost radpost.test", KeyStorePassword.of(tls),
                DeploymentCa.PUBLIC_TRUST_STORE_PASSWORD.toCharArray());
    }

    private static Path pem(DeploymentCa ca, String alias, String address) throws Exception {
        var keyStore = ca.issue(alias, address, List.of()).keyStore();
        Path file = dir.resolve(alias + ".pem");
        Certificates.write(SmimeIdentity.load(keyStore, KeyStorePassword.of(dir.resolve("dc/tls"))).certificate(), file);
        return file;
    }

    private static java.util.Optional<java.security.cert.X509Certificate> held(String address) {
        try (Database db = Database.open(database, DataCenter.ENTITIES)) {
            return new SmimeCertificates(new Directory(db.sessionFactory(), java.time.Clock.systemUTC())).of(address);
        }
    }

    private static String audit() {
        try (Database db = Database.open(database, DataCenter.ENTITIES)) {
            List<String> rows = db.sessionFactory().fromSession(s -> s.createNativeQuery(
                    "select concat(action, ' ', target) from console_audit", String.class).getResultList());
            return String.join("\n", rows);
        }
    }

    private static String password() throws Exception {
        Path file = dir.resolve("pw.txt");
        Files.writeString(file, "a-long-password\n");
        return file.toString();
    }

    private static CliProcess.Result run(String... args) throws Exception {
        return CliProcess.run(work, "", Map.of(), args);
    }
}
