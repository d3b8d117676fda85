package org.radpost.packager.prune;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.packager.cli.PackagerCli;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.dicom.DicomHeaderReader;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptStatus;
import org.radpost.wire.receipt.ReceiptWriter;
import org.radpost.wire.smime.Certificates;
import org.radpost.wire.smime.SmimeIdentity;
import org.radpost.wire.smime.SmimeSealer;
import org.radpost.wire.tls.DeploymentCa;
import org.radpost.wire.transport.TlsMailServer;
import picocli.CommandLine;

/**
 * Data center → center with S/MIME, read by the packager over POP3S (GreenMail with the deployment CA's server
 * certificate): sealed receipts and a sealed report are opened with the center's key, recorded and acted on by
 * prune; a receipt signed by anyone but the data center, a tampered one and one from another CA are refused with
 * their reason, kept aside and never recorded.
 */
class SealedReceiptsFromMailboxTest {
    private static final char[] KEY_PASSWORD = "center-key-pw".toCharArray();
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path dir;
    private GreenMail greenMail;
    private DeploymentCa ca;
    private SmimeIdentity dataCenter;
    private SmimeIdentity center;
    private SampleStudy sample;
    private List<Path> images;
    private List<SopInstanceUid> uids;
    private StudyUid study;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        Path trustStore = TlsMailServer.trustStore();
        greenMail = new GreenMail(ServerSetup.POP3S.createCopy("127.0.0.1").dynamicPort());
        greenMail.start();
        greenMail.setUser(TlsMailServer.ADDRESS, TlsMailServer.USER, TlsMailServer.PASSWORD);
        // The CA that issued GreenMail's TLS certificate is this deployment's CA: it issues the S/MIME keys too.
        ca = DeploymentCa.load(trustStore.getParent(), TlsMailServer.STORE_PASSWORD);
        dataCenter = issue(ca, "sealed-test-dc", Receipts.DATA_CENTER);
        Path centerKeyStore = ca.issue("sealed-test-center", Receipts.CENTER, List.of(), KEY_PASSWORD).keyStore();
        center = SmimeIdentity.load(centerKeyStore, KEY_PASSWORD);
        Path dataCenterPem = dir.resolve("datacenter-smime.pem");
        Certificates.write(dataCenter.certificate(), dataCenterPem);

        sample = SampleStudy.ct();
        study = StudyUid.of(sample.studyInstanceUid());
        images = sample.writeImages(dir.resolve("watch").resolve("sent").resolve(study.value()), 3);
        DicomHeaderReader reader = new DicomHeaderReader();
        uids = images.stream().map(f -> {
            try {
                return reader.read(f).sopInstanceUid();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        config = dir.resolve("packager.properties");
        Files.writeString(config, String.join("\n",
                "smtp.user = " + TlsMailServer.USER,
                "smtp.password = " + TlsMailServer.PASSWORD,
                "smtp.truststore = " + trustStore,
                "smtp.truststore.password = " + new String(TlsMailServer.STORE_PASSWORD),
                "pop3.host = 127.0.0.1",
                "pop3.port = " + greenMail.getPop3s().getPort(),
                "smime.keystore = " + centerKeyStore,
                "smime.keystore.password = " + new String(KEY_PASSWORD),
                "smime.datacenter-certificate = " + dataCenterPem,
                "watch.folder = watch",
                "data-folder = data", ""));
    }

    @AfterEach
    void stop() {
        greenMail.stop();
    }

    @Test
    void sealedReceiptsAndReportFromTheDataCenterAreOpenedRecordedAndLetPruneDeleteTheArchivedCopies() throws Exception {
        deliver(sealed(receipt(Receipts.of(ReceiptStatus.ACCEPTED, study, T0, uids)), dataCenter));
        deliver(sealed(receipt(Receipts.of(ReceiptStatus.ARCHIVED, study, T0.plusSeconds(60), uids.subList(0, 2))), dataCenter));
        deliver(sealed(report(), dataCenter));

        Run receipts = run("receipts", "--config", config.toString());

        assertThat(receipts.exit()).as(receipts.output()).isZero();
        assertThat(receipts.output()).contains("Read 2 receipt(s) and 1 report/overlay file(s)")
                .contains("Study " + study + ": 3 object(s); accepted 3 delivered 0 viewed 0 reported 0 archived 2")
                .doesNotContain("refused");
        try (Stream<Path> saved = Files.list(dir.resolve("data/inbox/results").resolve(study.value()))) {
            assertThat(saved.toList()).singleElement().satisfies(f ->
                    assertThat(new DicomHeaderReader().read(f).studyInstanceUid()).isEqualTo(study));
        }
        assertThat(greenMail.getReceivedMessages()).as("fetched and deleted at QUIT").isEmpty();
        try (Stream<Path> inbox = Files.list(dir.resolve("data/inbox"))) {
            assertThat(inbox.filter(p -> p.toString().endsWith(".eml")).toList()).as("the mail kept at rest")
                    .allSatisfy(f -> assertThat(Certificates.isSealed(f)).isTrue());
        }

        Run prune = run("prune", "--config", config.toString());

        assertThat(prune.exit()).as(prune.output()).isZero();
        assertThat(prune.output()).contains("Deleted 2 archived file(s)");
        assertThat(images.subList(0, 2)).allSatisfy(f -> assertThat(f).doesNotExist());
        assertThat(images.get(2)).exists();
    }

    @Test
    void sealedReceiptsNotProvablyFromTheDataCenterAreRefusedWithTheirReasonKeptAsideAndNeverActedOn() throws Exception {
        SmimeIdentity otherParty = issue(ca, "sealed-test-other", "center2@center.radpost.test");
        DeploymentCa foreign = DeploymentCa.create(dir.resolve("foreign-ca"), "Someone else's CA", KEY_PASSWORD);
        SmimeIdentity lookalike = issue(foreign, "lookalike-dc", Receipts.DATA_CENTER);
        Receipt archived = Receipts.of(ReceiptStatus.ARCHIVED, study, T0, uids);
        deliver(sealed(receipt(archived), otherParty));
        deliver(tamper(sealed(receipt(archived), dataCenter)));
        deliver(sealed(receipt(archived), lookalike));

        Run receipts = run("receipts", "--config", config.toString());

        assertThat(receipts.exit()).as(receipts.output()).isEqualTo(1);
        assertThat(receipts.output()).contains("Read 0 receipt(s)")
                .contains("refused message").contains("smime-wrong-signer").contains("smime-tampered").contains("smime-untrusted-ca");
        assertThat(ReceiptLedger.open(dir.resolve("data/receipts")).archived()).as("nothing recorded").isEmpty();
        try (Stream<Path> kept = Files.list(dir.resolve("data/refused"))) {
            List<Path> files = kept.toList();
            assertThat(files.stream().filter(f -> f.toString().endsWith(".eml"))).hasSize(3)
                    .allSatisfy(f -> assertThat(Certificates.isSealed(f)).isTrue());
            assertThat(files.stream().filter(f -> f.toString().endsWith(".txt")).map(SealedReceiptsFromMailboxTest::read))
                    .hasSize(3).anySatisfy(t -> assertThat(t).startsWith("smime-wrong-signer: "));
        }
        assertThat(greenMail.getReceivedMessages()).as("set aside, out of the mailbox").isEmpty();

        Run prune = run("prune", "--config", config.toString());

        assertThat(prune.output()).contains("Deleted 0 archived file(s)");
        assertThat(images).allSatisfy(f -> assertThat(f).exists());
    }

    private static SmimeIdentity issue(DeploymentCa ca, String alias, String address) throws Exception {
        return SmimeIdentity.load(ca.issue(alias, address, List.of(), KEY_PASSWORD).keyStore(), KEY_PASSWORD);
    }

    private Path receipt(Receipt receipt) throws Exception {
        Path eml = Files.createTempFile(dir, "receipt", ".eml");
        new ReceiptWriter().write(receipt, eml);
        return eml;
    }

    /** The radiologist's report for the study, packaged the way the viewer agent sends it. */
    private Path report() throws Exception {
        Path report = sample.writeTextReport(Files.createDirectories(dir.resolve("report")), "No acute findings.");
        return new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP).write(
                new Addressing("viewer1@radpost.test", Receipts.CENTER, Priority.ROUTINE),
                new StudyScanner().scan(List.of(report)).studies().get(0), dir.resolve("report-eml")).get(0);
    }

    /** Signed by {@code signer} and encrypted to the center, as the data center seals what it delivers. */
    private Path sealed(Path plain, SmimeIdentity signer) throws Exception {
        Path sealed = plain.resolveSibling("sealed-" + plain.getFileName());
        new SmimeSealer().seal(plain, signer, center.certificate(), sealed);
        return sealed;
    }

    /** Changes one base64 letter well inside the body: still valid base64, different ciphertext. */
    private static Path tamper(Path sealed) throws Exception {
        byte[] bytes = Files.readAllBytes(sealed);
        int at = bytes.length * 7 / 10;
        while (!Character.isLetter(bytes[at])) {
            at++;
        }
        bytes[at] = (byte) (bytes[at] == 'A' ? 'B' : 'A');
        Files.write(sealed, bytes);
        return sealed;
    }

    private void deliver(Path eml) throws Exception {
        try (InputStream in = Files.newInputStream(eml)) {
            greenMail.getUserManager().getUser(TlsMailServer.USER)
                    .deliver(new MimeMessage(Session.getInstance(new Properties()), in));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Run(int exit, String output) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = PackagerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString());
    }
}
