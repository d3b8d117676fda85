package org.radpost.wire.dicom;

import org.radpost.wire.RejectReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.radpost.wire.DicomSummary;
import org.radpost.wire.ObjectType;
import org.radpost.testkit.SampleObjects;
import org.radpost.testkit.SampleStudy;

class DicomHeaderReaderTest {
    @TempDir
    Path dir;

    private final DicomHeaderReader reader = new DicomHeaderReader();

    @ParameterizedTest
    @ValueSource(strings = {
        TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ExplicitVRBigEndian,
        TransferSyntax.DeflatedExplicitVRLittleEndian, TransferSyntax.JPEGBaseline, TransferSyntax.JPEGLossless,
        TransferSyntax.JPEG2000, TransferSyntax.RLE})
    void readsEveryTransferSyntaxUpToThePixelData(String transferSyntax) throws Exception {
        SampleStudy study = SampleStudy.ct().transferSyntax(transferSyntax);
        Path file = study.writeImages(dir, 1).get(0);

        DicomSummary summary = reader.read(file);

        assertThat(summary.studyInstanceUid().value()).isEqualTo(study.studyInstanceUid());
        assertThat(summary.seriesInstanceUid().value()).isEqualTo(study.seriesInstanceUid());
        assertThat(summary.transferSyntaxUid()).isEqualTo(transferSyntax);
        assertThat(summary.objectType()).isEqualTo(ObjectType.IMAGE);
        assertThat(summary.modality()).isEqualTo("CT");
        assertThat(summary.patientName()).isEqualTo("DOE^JANE");
    }

    @Test
    void readsMultiFrameImages() throws Exception {
        Path file = SampleStudy.of("MR", "P1", "ROE^RICHARD", "A1").frames(5).size(64, 64).writeImages(dir, 1).get(0);

        assertThat(reader.read(file).numberOfFrames()).isEqualTo(5);
    }

    @Test
    void readsFilesWithoutMetaHeader() throws Exception {
        SampleStudy study = SampleStudy.ct().withoutMetaHeader();
        Path file = study.writeImages(dir, 1).get(0);
        byte[] head = Arrays.copyOfRange(Files.readAllBytes(file), 128, 132);
        assertThat(new String(head)).isNotEqualTo("DICM");

        DicomSummary summary = reader.read(file);

        assertThat(summary.studyInstanceUid().value()).isEqualTo(study.studyInstanceUid());
        assertThat(summary.transferSyntaxUid()).isEqualTo("(no meta header)");
    }

    @Test
    void readsNamesInOtherCharacterSets() throws Exception {
        Path file = SampleStudy.of("CR", "P2", "MÜLLER^JÖRG", "A2").characterSet("ISO_IR 100").writeImages(dir, 1).get(0);

        assertThat(reader.read(file).patientName()).isEqualTo("MÜLLER^JÖRG");
    }

    @Test
    void recognisesOverlaysAndReports() throws Exception {
        SampleStudy study = SampleStudy.ct();
        Path image = study.writeImages(dir, 1).get(0);
        String imageUid = reader.read(image).sopInstanceUid().value();

        DicomSummary overlay = reader.read(study.writePresentationState(dir, imageUid));
        DicomSummary report = reader.read(study.writeTextReport(dir, "No acute findings."));

        assertThat(overlay.objectType()).isEqualTo(ObjectType.OVERLAY);
        assertThat(overlay.referencedSopInstanceUid()).map(Object::toString).contains(imageUid);
        assertThat(report.objectType()).isEqualTo(ObjectType.REPORT);
        assertThat(report.referencedSopInstanceUid()).isEmpty();
    }

    @Test
    void refusesAFileTruncatedInsideItsPixelData() throws Exception {
        Path file = SampleStudy.ct().writeImages(dir, 1).get(0);
        truncate(file, Files.size(file) - 1000);

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOfSatisfying(DicomFileException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.TRUNCATED))
                .hasMessageContaining(file.getFileName().toString());
    }

    @Test
    void refusesAFileTruncatedInsideItsHeader() throws Exception {
        Path file = SampleStudy.ct().writeImages(dir, 1).get(0);
        truncate(file, 300);

        assertThatThrownBy(() -> reader.read(file)).isInstanceOfSatisfying(DicomFileException.class,
                e -> assertThat(e.reason()).isIn(RejectReason.TRUNCATED, RejectReason.UNREADABLE_DICOM,
                        RejectReason.MISSING_ATTRIBUTE));
    }

    @Test
    void refusesAnImageCutBeforeItsPixelDataNamingTheOffsetAndTheAttribute() throws Exception {
        Path file = SampleStudy.ct().writeImages(dir, 1).get(0);
        long pixelData = offsetOf(file, PIXEL_DATA_EXPLICIT_LE);
        long cut = pixelData - 37; // inside the header, a few elements before the pixels
        truncate(file, cut);

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOfSatisfying(DicomFileException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.TRUNCATED))
                .hasMessageContaining(file.getFileName().toString())
                .hasMessageContaining("byte " + cut)
                .hasMessageMatching("(?s).*\\(0028,[0-9A-F]{4}\\) \\w+.*");
    }

    @Test
    void refusesABasicTextSrCutAtSixtyPercent() throws Exception {
        Path file = new SampleObjects(SampleStudy.ct()).writeBasicTextSr(dir, "No acute intracranial haemorrhage.",
                "Small left pleural effusion.", "Degenerative change of the lumbar spine.", "No focal liver lesion.",
                "Kidneys of normal size without hydronephrosis.", "Atherosclerotic calcification of the aorta.");
        long cut = Files.size(file) * 60 / 100;
        truncate(file, cut);

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOfSatisfying(DicomFileException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.TRUNCATED))
                .hasMessageContaining(file.getFileName().toString())
                .hasMessageContaining("byte " + cut)
                .hasMessageContaining("ContentSequence");
    }

    @Test
    void refusesAnRtPlanCutAtEightyPercent() throws Exception {
        Path file = new SampleObjects(SampleStudy.ct()).writeRtPlan(dir, 7);
        long cut = Files.size(file) * 80 / 100;
        truncate(file, cut);

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOfSatisfying(DicomFileException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.TRUNCATED))
                .hasMessageContaining("byte " + cut)
                .hasMessageContaining("BeamSequence");
    }

    @Test
    void refusesAnAttributeWhoseLengthRunsPastTheEndOfTheFile() throws Exception {
        Path file = new SampleObjects(SampleStudy.ct()).writeEncapsulatedPdf(dir);
        long document = offsetOf(file, new byte[] {0x42, 0x00, 0x11, 0x00, 'O', 'B'});
        truncate(file, document + 12 + 40); // the element's header says more bytes than the file holds

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOfSatisfying(DicomFileException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.TRUNCATED))
                .hasMessageContaining("(0042,0011) EncapsulatedDocument")
                .hasMessageContaining("byte " + document);
    }

    @Test
    void callsAFileCutAt400BytesTruncatedNotMissingAnAttribute() throws Exception {
        Path file = SampleStudy.ct().writeImages(dir, 1).get(0);
        truncate(file, 400);

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOfSatisfying(DicomFileException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.TRUNCATED))
                .hasMessageContaining("byte 400");
    }

    @Test
    void callsAFileCutBetweenTwoElementsBeforeItsUidsTruncated() throws Exception {
        Path file = SampleStudy.ct().writeImages(dir, 1).get(0);
        long studyUid = offsetOf(file, new byte[] {0x20, 0x00, 0x0D, 0x00, 'U', 'I'});
        truncate(file, studyUid);

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOfSatisfying(DicomFileException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.TRUNCATED))
                .hasMessageContaining("byte " + studyUid)
                .hasMessageContaining("(0020,000D) StudyInstanceUID");
    }

    @ParameterizedTest
    @ValueSource(strings = {TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.ExplicitVRBigEndian, TransferSyntax.JPEGBaseline,
        TransferSyntax.DeflatedExplicitVRLittleEndian})
    void refusesACutInsideThePixelDataOfEveryEncoding(String transferSyntax) throws Exception {
        Path file = SampleStudy.ct().transferSyntax(transferSyntax).writeImages(dir, 1).get(0);
        truncate(file, Files.size(file) - 101);

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOfSatisfying(DicomFileException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.TRUNCATED))
                .hasMessageContaining("PixelData");
    }

    @Test
    void refusesAHeaderOnlyImageForWhatItIsNotAsTruncated() throws Exception {
        Path file = SampleStudy.ct().withoutPixelData().writeImages(dir, 1).get(0);

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOfSatisfying(DicomFileException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.NO_PIXEL_DATA))
                .hasMessageContaining("CT Image Storage")
                .hasMessageNotContaining("truncated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sr", "ko", "pr", "rtplan", "ecg", "pdf"})
    void acceptsObjectsWithoutPixelDataAsTheyAre(String kind) throws Exception {
        SampleStudy study = SampleStudy.ct();
        SampleObjects objects = new SampleObjects(study);
        String image = "1.2.826.0.1.3680043.10.543.1";
        Path file = switch (kind) {
            case "sr" -> objects.writeBasicTextSr(dir, "No acute findings.");
            case "ko" -> objects.writeKeyObjectSelection(dir, image);
            case "pr" -> study.writePresentationState(dir, image);
            case "rtplan" -> objects.writeRtPlan(dir, 3);
            case "ecg" -> objects.writeTwelveLeadEcg(dir);
            default -> objects.writeEncapsulatedPdf(dir);
        };

        DicomSummary summary = reader.read(file);

        assertThat(summary.studyInstanceUid().value()).isEqualTo(study.studyInstanceUid());
    }

    @Test
    void callsTheDicomdirAndTheReadmeOfADiscExportMediaFiles() throws Exception {
        Path dicomdir = SampleObjects.writeDicomdir(dir);
        Path readme = Files.writeString(dir.resolve("README.TXT"), "Insert the disc and run VIEWER.EXE.\r\n".repeat(5));

        for (Path file : new Path[] {dicomdir, readme}) {
            assertThatThrownBy(() -> reader.read(file)).isInstanceOfSatisfying(DicomFileException.class,
                    e -> assertThat(e.reason()).isEqualTo(RejectReason.MEDIA_FILE));
        }
    }

    @Test
    void refusesAFileThatIsNotDicom() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "Patient called, will come back tomorrow.\n".repeat(20));

        assertThatThrownBy(() -> reader.read(file)).isInstanceOfSatisfying(DicomFileException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectReason.NOT_DICOM));
    }

    @Test
    void refusesAnEmptyFile() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.dcm"));

        assertThatThrownBy(() -> reader.read(file)).isInstanceOfSatisfying(DicomFileException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectReason.NOT_DICOM));
    }

    /** (7FE0,0010) OW in explicit VR little endian, as SampleStudy writes it. */
    static final byte[] PIXEL_DATA_EXPLICIT_LE = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W'};

    /** Where the element whose first bytes are given starts (the last match: values rarely hold these bytes). */
    static long offsetOf(Path file, byte[] elementStart) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        outer:
        for (int i = bytes.length - elementStart.length; i >= 0; i--) {
            for (int j = 0; j < elementStart.length; j++) {
                if (bytes[i + j] != elementStart[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no such element in " + file);
    }

    private static void truncate(Path file, long size) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }
}
