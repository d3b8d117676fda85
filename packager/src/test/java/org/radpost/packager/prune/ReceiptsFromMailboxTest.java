package org.radpost.packager.prune;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.wire.Priority;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyScanner;
import org.radpost.packager.cli.PackagerCli;
import org.radpost.wire.dicom.DicomHeaderReader;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptStatus;
import org.radpost.wire.receipt.ReceiptWriter;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.transport.TlsMailServer;
import picocli.CommandLine;

/** Receipts and a report travel through GreenMail (POP3S, the test CA's certificate) into the ledger and results. */
class ReceiptsFromMailboxTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path dir;
    private GreenMail greenMail;
    private SampleStudy sample;
    private List<Path> images;
    private List<SopInstanceUid> uids;
    private StudyUid study;

    @BeforeEach
    void setUp() throws Exception {
        TlsMailServer.trustStore(); // GreenMail's TLS key store, made once per JVM by the shared helper
        greenMail = new GreenMail(ServerSetup.POP3S.createCopy("127.0.0.1").dynamicPort());
        greenMail.start();
        greenMail.setUser(TlsMailServer.ADDRESS, TlsMailServer.USER, TlsMailServer.PASSWORD);
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
        deliver(Receipts.of(ReceiptStatus.ACCEPTED, study, T0, uids));
        deliver(Receipts.of(ReceiptStatus.ARCHIVED, study, T0.plusSeconds(60), uids.subList(0, 2)));
        deliver(Receipts.rejected(study, T0, uids.get(2), "uid-mismatch", "The header UID differs from the DICOM object"));
        deliverReport();
    }

    @AfterEach
    void stop() {
        greenMail.stop();
    }

    @Test
    void receiptsGoIntoTheLedgerAndReportsIntoResultsAndTheMailboxIsEmptied() throws Exception {
        ReceiptLedger ledger = ReceiptLedger.open(dir.resolve("data").resolve("receipts"));
        ReceiptCollector collector = new ReceiptCollector(new MailboxReader(pop3(), dir.resolve("data")), ledger,
                dir.resolve("data").resolve("inbox").resolve("results"));

        ReceiptCollector.Collected collected = collector.collect();

        assertThat(collected.problems()).isEmpty();
        assertThat(collected.receipts()).extracting(Receipt::status)
                .containsExactlyInAnyOrder(ReceiptStatus.ACCEPTED, ReceiptStatus.ARCHIVED, ReceiptStatus.REJECTED);
        assertThat(collected.results()).singleElement().satisfies(f -> {
            assertThat(f.getParent()).isEqualTo(dir.resolve("data/inbox/results").resolve(study.value()));
            assertThat(f.getFileName().toString()).startsWith("report-");
            assertThat(new DicomHeaderReader().read(f).studyInstanceUid()).isEqualTo(study);
        });
        assertThat(ReceiptLedger.open(dir.resolve("data").resolve("receipts")).archived()).containsOnlyKeys(uids.subList(0, 2));
        assertThat(greenMail.getReceivedMessages()).isEmpty();
        assertThat(collector.collect().receipts()).isEmpty();
    }

    @Test
    void theReceiptsAndPruneCommandsRecordSummariseAndDeleteOnlyArchivedCopies() throws Exception {
        Path config = dir.resolve("packager.properties");
        Files.writeString(config, String.join("\n",
                "smtp.user = " + TlsMailServer.USER,
                "smtp.password = " + TlsMailServer.PASSWORD,
                "smtp.truststore = " + TlsMailServer.trustStore(),
                "smtp.truststore.password = " + new String(TlsMailServer.STORE_PASSWORD),
                "pop3.host = 127.0.0.1",
                "pop3.port = " + greenMail.getPop3s().getPort(),
                "watch.folder = watch",
                "data-folder = data", ""));

        Run receipts = run("receipts", "--config", config.toString());

        assertThat(receipts.exit()).as(receipts.output()).isZero();
        assertThat(receipts.output()).contains("Read 3 receipt(s) and 1 report/overlay file(s)")
                .contains("Study " + study + ": 3 object(s); accepted 3 delivered 0 viewed 0 reported 0 archived 2")
                .contains(uids.get(2) + " rejected at " + T0 + ": uid-mismatch: The header UID differs from the DICOM object");

        Run dryRun = run("prune", "--config", config.toString(), "--dry-run");

        assertThat(dryRun.exit()).as(dryRun.output()).isZero();
        assertThat(dryRun.output()).contains("would delete " + images.get(0)).contains("Would delete 2 archived file(s)");
        assertThat(images).allSatisfy(f -> assertThat(f).exists());

        Run prune = run("prune", "--config", config.toString());

        assertThat(prune.exit()).as(prune.output()).isZero();
        assertThat(prune.output()).contains("Deleted 2 archived file(s)")
                .contains("kept " + images.get(2) + ": no archive receipt yet for " + uids.get(2) + " (latest: rejected)");
        assertThat(images.subList(0, 2)).allSatisfy(f -> assertThat(f).doesNotExist());
        assertThat(images.get(2)).exists();

        Run offline = run("receipts", "--config", config.toString(), "--offline");
        assertThat(offline.output()).contains("archived 2");
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

    private Pop3Settings pop3() {
        return new Pop3Settings("127.0.0.1", greenMail.getPop3s().getPort(), TlsMailServer.USER, TlsMailServer.PASSWORD,
                TlsMailServer.trustStore(), new String(TlsMailServer.STORE_PASSWORD));
    }

    private void deliver(Receipt receipt) throws IOException, MessagingException {
        Path eml = Files.createTempFile(dir, "receipt", ".eml");
        new ReceiptWriter().write(receipt, eml);
        deliver(eml);
    }

    /** The radiologist's report for the study, packaged the way the viewer agent sends it. */
    private void deliverReport() throws IOException, MessagingException {
        Path report = sample.writeTextReport(Files.createDirectories(dir.resolve("report")), "No acute findings.");
        List<Path> emls = new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP).write(
                new Addressing("viewer1@radpost.test", Receipts.CENTER, Priority.ROUTINE),
                new StudyScanner().scan(List.of(report)).studies().get(0), dir.resolve("report-eml"));
        for (Path eml : emls) {
            deliver(eml);
        }
    }

    private void deliver(Path eml) throws IOException, MessagingException {
        try (InputStream in = Files.newInputStream(eml)) {
            greenMail.getUserManager().getUser(TlsMailServer.USER)
                    .deliver(new MimeMessage(Session.getInstance(new Properties()), in));
        }
    }
}
