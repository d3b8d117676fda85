package org.radpost.wire.build;

import org.radpost.wire.RejectReason;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.wire.dicom.DicomFileException;
import org.radpost.testkit.SampleStudy;

class StudyScannerTest {
    @TempDir
    Path dir;

    @Test
    void groupsFilesByStudyAndSkipsBadFilesWithTheirReasons() throws Exception {
        SampleStudy ct = SampleStudy.ct();
        SampleStudy mr = SampleStudy.of("MR", "P9", "ROE^RICHARD", "A9");
        ct.writeImages(dir.resolve("ct"), 3);
        mr.writeImages(dir.resolve("mr"), 2);
        Path junk = Files.writeString(dir.resolve("notes.txt"), "not an image, ".repeat(50));
        Path cut = SampleStudy.ct().writeImages(dir.resolve("cut"), 1).get(0);
        try (var channel = java.nio.channels.FileChannel.open(cut, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(cut) / 2);
        }

        ScanResult scan = new StudyScanner().scan(List.of(dir));

        assertThat(scan.studies()).extracting(s -> s.studyUid().value())
                .containsExactlyInAnyOrder(ct.studyInstanceUid(), mr.studyInstanceUid());
        assertThat(scan.objectCount()).isEqualTo(5);
        assertThat(scan.skipped()).extracting(DicomFileException::file).containsExactlyInAnyOrder(junk, cut);
        assertThat(scan.skipped()).extracting(DicomFileException::reason)
                .containsExactlyInAnyOrder(RejectReason.NOT_DICOM, RejectReason.TRUNCATED);
    }

    @Test
    void ordersObjectsByInstanceNumber() throws Exception {
        SampleStudy.ct().writeImages(dir, 12);

        StudyBatch batch = new StudyScanner().scan(List.of(dir)).studies().get(0);

        assertThat(batch.objects()).extracting(o -> Integer.parseInt(o.summary().instanceNumber()))
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }
}
