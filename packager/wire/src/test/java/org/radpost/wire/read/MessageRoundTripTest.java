package org.radpost.wire.read;

import org.radpost.wire.RejectReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Priority;
import org.radpost.wire.Sha256;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;
import org.radpost.wire.WireHeaders;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.PackagedObject;
import org.radpost.wire.build.ScanResult;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptEntry;
import org.radpost.wire.receipt.ReceiptStatus;
import org.radpost.wire.receipt.ReceiptWriter;
import org.radpost.testkit.SampleStudy;

class MessageRoundTripTest {
    private static final Addressing TO_VIEWER = new Addressing("center1@radpost.test", "viewer1@radpost.test", Priority.STAT);

    @TempDir
    Path dir;

    private final MessageReader reader = new MessageReader();

    @Test
    void imagesComeBackWithTheirUidsChecksumsAndBytes() throws Exception {
        SampleStudy study = SampleStudy.ct();
        List<Path> images = study.writeImages(dir.resolve("in"), 3);
        StudyBatch batch = scanOne(dir.resolve("in"));

        List<Path> messages = new MessageWriter().write(TO_VIEWER, batch, dir.resolve("out"));
        ReadMessage read = read(messages.get(0));

        assertThat(messages).hasSize(1);
        assertThat(read.type()).isEqualTo(ObjectType.IMAGE);
        assertThat(read.studyUid().value()).isEqualTo(study.studyInstanceUid());
        assertThat(read.priority()).isEqualTo(Priority.STAT);
        assertThat(read.part()).extracting(PartInfo::number, PartInfo::count, PartInfo::totalObjects).containsExactly(1, 1, 3);
        assertThat(read.objects()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            ReceivedObject object = read.objects().get(i);
            assertThat(Files.mismatch(object.file(), images.get(i))).isEqualTo(-1L);
            assertThat(object.sha256()).isEqualTo(Sha256.of(images.get(i)));
            assertThat(object.sopInstanceUid()).isEqualTo(batch.objects().get(i).summary().sopInstanceUid());
        }
    }

    @Test
    void headersCarryUidsTypesAndCountsButNoPatientData() throws Exception {
        SampleStudy.ct().writeImages(dir.resolve("in"), 2);
        StudyBatch batch = scanOne(dir.resolve("in"));

        String message = Files.readString(new MessageWriter().write(TO_VIEWER, batch, dir.resolve("out")).get(0),
                StandardCharsets.US_ASCII);
        String headers = message.substring(0, message.indexOf("\r\n\r\n"));

        assertThat(headers).contains(WireHeaders.STUDY_UID + ": " + batch.studyUid())
                .contains(WireHeaders.OBJECT_TYPE + ": image")
                .contains(WireHeaders.OBJECT_COUNT + ": 2")
                .contains(WireHeaders.PART + ": 1/1");
        for (PackagedObject object : batch.objects()) {
            assertThat(headers).contains("uid=" + object.summary().sopInstanceUid())
                    .contains("sha256=" + object.sha256().hex());
        }
        assertThat(message).doesNotContain("DOE").doesNotContain(batch.objects().get(0).summary().patientId())
                .doesNotContain(batch.objects().get(0).summary().accessionNumber());
    }

    @Test
    void overlaysNameTheImageTheyAnnotateAndReportsTheirStudy() throws Exception {
        SampleStudy study = SampleStudy.ct();
        Path image = study.writeImages(dir.resolve("img"), 1).get(0);
        String imageUid = new StudyScanner().scan(List.of(image)).studies().get(0).objects().get(0).summary().sopInstanceUid().value();
        study.writePresentationState(dir.resolve("back"), imageUid);
        study.writeTextReport(dir.resolve("back"), "Findings: none. Impression: normal.");
        StudyBatch batch = scanOne(dir.resolve("back"));

        Addressing back = new Addressing("viewer1@radpost.test", "center1@radpost.test", Priority.ROUTINE);
        ReadMessage read = read(new MessageWriter().write(back, batch, dir.resolve("out")).get(0));

        ReceivedObject overlay = read.objects().stream().filter(o -> o.type() == ObjectType.OVERLAY).findFirst().orElseThrow();
        ReceivedObject report = read.objects().stream().filter(o -> o.type() == ObjectType.REPORT).findFirst().orElseThrow();
        assertThat(overlay.referencedSopInstanceUid()).contains(SopInstanceUid.of(imageUid));
        assertThat(report.summary().studyInstanceUid().value()).isEqualTo(study.studyInstanceUid());
        assertThat(read.studyUid().value()).isEqualTo(study.studyInstanceUid());
    }

    @Test
    void aStudyOverTheCapIsSplitIntoNumberedPartsThatTogetherCarryEveryObject() throws Exception {
        SampleStudy.ct().size(256, 256).writeImages(dir.resolve("in"), 7); // ~131 KB each
        StudyBatch batch = scanOne(dir.resolve("in"));

        List<Path> messages = new MessageWriter(400 * 1024).write(TO_VIEWER, batch, dir.resolve("out"));

        assertThat(messages).hasSizeGreaterThan(1);
        List<SopInstanceUid> received = new ArrayList<>();
        String batchId = null;
        for (int k = 0; k < messages.size(); k++) {
            assertThat(Files.size(messages.get(k))).isLessThanOrEqualTo(400 * 1024);
            ReadMessage read = read(messages.get(k));
            assertThat(read.part().number()).isEqualTo(k + 1);
            assertThat(read.part().count()).isEqualTo(messages.size());
            assertThat(read.part().totalObjects()).isEqualTo(7);
            batchId = batchId == null ? read.part().batchId() : batchId;
            assertThat(read.part().batchId()).isEqualTo(batchId);
            read.objects().forEach(o -> received.add(o.sopInstanceUid()));
        }
        assertThat(received).containsExactlyElementsOf(batch.objects().stream().map(o -> o.summary().sopInstanceUid()).toList());
    }

    @Test
    void receiptsAndResendRequestsComeBackWithEveryObjectAndReason() throws Exception {
        StudyUid study = StudyUid.of("1.2.826.0.1.3680043.8.498.1");
        Instant at = Instant.parse("2026-11-23T10:15:30Z");
        for (ReceiptStatus status : ReceiptStatus.values()) {
            Receipt sent = new Receipt(status, "datacenter@radpost.test", "center1@radpost.test", study,
                    "<abc.1of1@radpost.test>", status == ReceiptStatus.REJECTED ? "checksum-mismatch" : "", "",
                    List.of(ReceiptEntry.of(ObjectType.IMAGE, SopInstanceUid.of("1.2.3.4")),
                            new ReceiptEntry(ObjectType.IMAGE, SopInstanceUid.of("1.2.3.5"), "truncated", "The file \"x\" ends early")),
                    at);
            Path file = dir.resolve(status.token() + ".eml");
            new ReceiptWriter().write(sent, file);

            ReadMessage read = read(file);

            assertThat(read.type()).isEqualTo(sent.messageType());
            assertThat(read.receipt()).hasValueSatisfying(r -> {
                assertThat(r.status()).isEqualTo(status);
                assertThat(r.objects()).isEqualTo(sent.objects());
                assertThat(r.originalMessageId()).isEqualTo("<abc.1of1@radpost.test>");
                assertThat(r.reason()).isEqualTo(sent.reason());
                assertThat(r.at()).isEqualTo(at);
            });
            assertThat(Files.readString(file)).contains("multipart/report").contains("report-type=disposition-notification")
                    .contains("Disposition: automatic-action/MDN-sent-automatically; " + status.disposition());
        }
    }

    @Test
    void rejectsAnObjectWhoseBytesDoNotMatchItsChecksum() throws Exception {
        SampleStudy.ct().writeImages(dir.resolve("in"), 2);
        StudyBatch batch = scanOne(dir.resolve("in"));
        PackagedObject first = batch.objects().get(0);
        Sha256 wrong = Sha256.of(new byte[32]);
        StudyBatch tampered = new StudyBatch(batch.studyUid(), List.of(
                new PackagedObject(first.file(), first.summary(), wrong, first.size()), batch.objects().get(1)));

        Path message = new MessageWriter().write(TO_VIEWER, tampered, dir.resolve("out")).get(0);

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(WireFormatException.class, e -> {
            assertThat(e.error()).isEqualTo(RejectReason.CHECKSUM_MISMATCH);
            assertThat(e.defects()).singleElement().extracting(Defect::uid).isEqualTo(first.summary().sopInstanceUid().value());
        });
        assertThat(Files.list(dir.resolve("work"))).as("no files left behind").isEmpty();
    }

    @Test
    void rejectsHeaderUidsThatDifferFromTheObject() throws Exception {
        SampleStudy.ct().writeImages(dir.resolve("in"), 1);
        StudyBatch batch = scanOne(dir.resolve("in"));
        String realUid = batch.objects().get(0).summary().sopInstanceUid().value();
        Path message = new MessageWriter().write(TO_VIEWER, batch, dir.resolve("out")).get(0);
        Files.writeString(message, Files.readString(message, StandardCharsets.ISO_8859_1).replace(realUid, "1.2.3.999"),
                StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(WireFormatException.class, e -> {
            assertThat(e.error()).isEqualTo(RejectReason.UID_MISMATCH);
            assertThat(e.getMessage()).contains("1.2.3.999").contains(realUid);
        });
    }

    @Test
    void rejectsAStudyUidInTheHeaderThatDiffersFromTheObject() throws Exception {
        SampleStudy.ct().writeImages(dir.resolve("in"), 1);
        StudyBatch batch = scanOne(dir.resolve("in"));
        Path message = new MessageWriter().write(TO_VIEWER, batch, dir.resolve("out")).get(0);
        String text = Files.readString(message, StandardCharsets.ISO_8859_1);
        Files.writeString(message, text.replace(WireHeaders.STUDY_UID + ": " + batch.studyUid(), WireHeaders.STUDY_UID + ": 1.2.3.4"),
                StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(WireFormatException.class,
                e -> assertThat(e.error()).isEqualTo(RejectReason.UID_MISMATCH));
    }

    @Test
    void rejectsAPartThatIsNotDicom() throws Exception {
        SampleStudy.ct().writeImages(dir.resolve("in"), 1);
        StudyBatch batch = scanOne(dir.resolve("in"));
        Path notDicom = Files.writeString(dir.resolve("letter.txt"), "Dear colleague, ".repeat(100));
        PackagedObject real = batch.objects().get(0);
        StudyBatch fake = new StudyBatch(batch.studyUid(),
                List.of(new PackagedObject(notDicom, real.summary(), Sha256.of(notDicom), Files.size(notDicom))));

        Path message = new MessageWriter().write(TO_VIEWER, fake, dir.resolve("out")).get(0);

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(WireFormatException.class,
                e -> assertThat(e.error()).isEqualTo(RejectReason.NOT_DICOM));
    }

    @Test
    void rejectsAPlainMailThatIsNotARadPostMessage() throws Exception {
        Path message = Files.writeString(dir.resolve("plain.eml"),
                "From: a@b.c\r\nTo: d@e.f\r\nSubject: hello\r\n\r\nJust saying hello.\r\n");

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(WireFormatException.class,
                e -> assertThat(e.error()).isEqualTo(RejectReason.NOT_RADPOST));
    }

    @Test
    void rejectsAMessageWithoutItsPartHeader() throws Exception {
        SampleStudy.ct().writeImages(dir.resolve("in"), 1);
        Path message = new MessageWriter().write(TO_VIEWER, scanOne(dir.resolve("in")), dir.resolve("out")).get(0);
        Files.writeString(message, Files.readString(message, StandardCharsets.ISO_8859_1).replace(WireHeaders.PART + ": ", "X-Other: "),
                StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(WireFormatException.class, e -> {
            assertThat(e.error()).isEqualTo(RejectReason.MISSING_HEADER);
            assertThat(e.getMessage()).contains(WireHeaders.PART);
        });
    }

    @Test
    void rejectsAMessageWhoseLinesPassTheParserLimit() throws Exception {
        Path message = Files.writeString(dir.resolve("long.eml"),
                "X-RadPost-Version: 1\r\nSubject: " + "x".repeat(70_000) + "\r\n\r\nbody\r\n");

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(WireFormatException.class,
                e -> assertThat(e.error()).isEqualTo(RejectReason.LIMIT_EXCEEDED));
    }

    @Test
    void refusesATruncatedMessageWithoutLeavingFiles() throws Exception {
        SampleStudy.ct().writeImages(dir.resolve("in"), 2);
        Path message = new MessageWriter().write(TO_VIEWER, scanOne(dir.resolve("in")), dir.resolve("out")).get(0);
        byte[] bytes = Files.readAllBytes(message);
        Files.write(message, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> read(message)).isInstanceOf(WireFormatException.class);
        assertThat(Files.list(dir.resolve("work"))).isEmpty();
    }

    @Test
    void refusesAnObjectWhoseBodyWasAlteredInTransitWithoutLeavingFiles() throws Exception {
        SampleStudy.ct().writeImages(dir.resolve("in"), 1);
        Path message = new MessageWriter().write(TO_VIEWER, scanOne(dir.resolve("in")), dir.resolve("out")).get(0);
        String text = Files.readString(message, java.nio.charset.StandardCharsets.ISO_8859_1);
        // One base64 character changed well inside the DICOM part: six bits of pixel data differ, the headers do not.
        int body = text.indexOf("\r\n\r\n", text.indexOf("application/dicom")) + 4 + 4000;
        char changed = text.charAt(body) == 'A' ? 'B' : 'A';
        Files.writeString(message, text.substring(0, body) + changed + text.substring(body + 1), java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> read(message)).isInstanceOfSatisfying(WireFormatException.class,
                e -> assertThat(e.error()).isEqualTo(RejectReason.CHECKSUM_MISMATCH));
        assertThat(Files.list(dir.resolve("work"))).as("no files left behind").isEmpty();
    }

    private StudyBatch scanOne(Path folder) {
        ScanResult scan = new StudyScanner().scan(List.of(folder));
        assertThat(scan.skipped()).isEmpty();
        assertThat(scan.studies()).hasSize(1);
        return scan.studies().get(0);
    }

    private ReadMessage read(Path message) throws IOException, WireFormatException {
        try (InputStream in = Files.newInputStream(message)) {
            return reader.read(in, dir.resolve("work"));
        }
    }
}
