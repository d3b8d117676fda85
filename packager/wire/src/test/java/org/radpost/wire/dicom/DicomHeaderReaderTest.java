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

    private static void truncate(Path file, long size) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }
}
