package org.radpost.packager.prune;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;
import org.radpost.wire.dicom.DicomFileException;
import org.radpost.wire.dicom.DicomHeaderReader;
import org.radpost.wire.receipt.ReceiptStatus;
import org.radpost.testkit.SampleStudy;

class PrunerTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path dir;
    private Path sent;
    private ReceiptLedger ledger;

    @BeforeEach
    void setUp() throws IOException {
        sent = dir.resolve("watch").resolve("sent");
        ledger = ReceiptLedger.open(dir.resolve("data").resolve("receipts"));
    }

    @Test
    void deletesOnlyArchivedObjectsAndKeepsTheRestWithTheReason() throws IOException {
        LocalStudy study = localStudy(4);
        Files.writeString(study.folder().resolve("notes.txt"), "not an image");
        ledger.record(Receipts.of(ReceiptStatus.DELIVERED, study.uid(), T0, study.uids()));
        ledger.record(Receipts.of(ReceiptStatus.ARCHIVED, study.uid(), T0.plusSeconds(60), study.uids().subList(0, 2)));

        PruneReport report = new Pruner(ledger, List.of(sent)).prune(false);

        assertThat(report.deleted()).extracting(PrunedFile::file).containsExactlyInAnyOrderElementsOf(study.files().subList(0, 2));
        assertThat(study.files().subList(0, 2)).allSatisfy(f -> assertThat(f).doesNotExist());
        assertThat(study.files().subList(2, 4)).allSatisfy(f -> assertThat(f).exists());
        assertThat(study.folder().resolve("notes.txt")).exists();
        assertThat(report.kept()).hasSize(3);
        assertThat(report.kept()).filteredOn(k -> k.file().equals(study.files().get(2))).singleElement()
                .satisfies(k -> assertThat(k.reason()).contains("no archive receipt yet").contains("latest: delivered"));
        assertThat(report.kept()).filteredOn(k -> k.file().getFileName().toString().equals("notes.txt")).singleElement()
                .satisfies(k -> assertThat(k.reason()).contains("not a readable DICOM file"));
        assertThat(report.bytesFreed()).isPositive();
    }

    @Test
    void aFullyArchivedStudyFolderIsRemovedButTheSentFolderStays() throws IOException {
        LocalStudy study = localStudy(2);
        ledger.record(Receipts.of(ReceiptStatus.ARCHIVED, study.uid(), T0, study.uids()));

        new Pruner(ledger, List.of(sent)).prune(false);

        assertThat(study.folder()).doesNotExist();
        assertThat(sent).isDirectory();
    }

    @Test
    void aDryRunListsTheArchivedCopiesAndDeletesNothing() throws IOException {
        LocalStudy study = localStudy(3);
        ledger.record(Receipts.of(ReceiptStatus.ARCHIVED, study.uid(), T0, study.uids()));

        PruneReport report = new Pruner(ledger, List.of(sent)).prune(true);

        assertThat(report.dryRun()).isTrue();
        assertThat(report.deleted()).hasSize(3);
        assertThat(study.files()).allSatisfy(f -> assertThat(f).exists());
    }

    @Test
    void anArchiveReceiptForAnUnknownUidChangesNothing() throws IOException {
        LocalStudy study = localStudy(3);
        ledger.record(Receipts.of(ReceiptStatus.ARCHIVED, study.uid(), T0,
                List.of(SopInstanceUid.of("1.2.826.0.1.3680043.9.7777.99.99"))));
        ledger.record(Receipts.of(ReceiptStatus.ARCHIVED, StudyUid.of("1.2.826.0.1.3680043.9.7777.98"), T0,
                List.of(SopInstanceUid.of("1.2.826.0.1.3680043.9.7777.98.1"))));

        PruneReport report = new Pruner(ledger, List.of(sent)).prune(false);

        assertThat(report.deleted()).isEmpty();
        assertThat(report.kept()).hasSize(3).allSatisfy(k -> assertThat(k.reason()).contains("no archive receipt"));
        assertThat(study.files()).allSatisfy(f -> assertThat(f).exists());
    }

    @Test
    void anArchiveReceiptNamingAnotherStudyDeletesNothing() throws IOException {
        LocalStudy study = localStudy(1);
        ledger.record(Receipts.of(ReceiptStatus.ARCHIVED, StudyUid.of("1.2.826.0.1.3680043.9.7777.97"), T0, study.uids()));

        PruneReport report = new Pruner(ledger, List.of(sent)).prune(false);

        assertThat(report.deleted()).isEmpty();
        assertThat(report.kept()).singleElement().satisfies(k -> assertThat(k.reason()).contains("names study"));
        assertThat(study.files().get(0)).exists();
    }

    @Test
    void overTheThresholdTheDaemonStepPrunesTheOldestArchivedStudyFirstUntilUnder() throws IOException {
        LocalStudy older = localStudy(3);
        LocalStudy newer = localStudy(3);
        LocalStudy unarchived = localStudy(3);
        ledger.record(Receipts.of(ReceiptStatus.ARCHIVED, newer.uid(), T0.plusSeconds(3600), newer.uids()));
        ledger.record(Receipts.of(ReceiptStatus.ARCHIVED, older.uid(), T0, older.uids()));
        // The reading follows the files: 10% of the disk per local copy, so 9 copies read 90%.
        DiskUsage usage = () -> 10.0 * countFiles(sent);
        StringWriter out = new StringWriter();
        AutoPrune step = new AutoPrune(Optional.empty(), new Pruner(ledger, List.of(sent)), usage, 80, new PrintWriter(out));

        PruneReport report = step.runOnce();

        assertThat(report.deleted()).extracting(PrunedFile::studyUid).containsOnly(older.uid()).hasSize(3);
        assertThat(older.files()).allSatisfy(f -> assertThat(f).doesNotExist());
        assertThat(newer.files()).allSatisfy(f -> assertThat(f).exists());
        assertThat(unarchived.files()).allSatisfy(f -> assertThat(f).exists());
        assertThat(usage.usedPercent()).isLessThan(80);
        assertThat(out.toString()).contains("pruned 3 archived local copies");
    }

    @Test
    void underTheThresholdTheDaemonStepPrunesNothingEvenWhenArchived() throws IOException {
        LocalStudy study = localStudy(2);
        ledger.record(Receipts.of(ReceiptStatus.ARCHIVED, study.uid(), T0, study.uids()));
        AutoPrune step = new AutoPrune(Optional.empty(), new Pruner(ledger, List.of(sent)), () -> 79.9, 80,
                new PrintWriter(new StringWriter()));

        PruneReport report = step.runOnce();

        assertThat(report.deleted()).isEmpty();
        assertThat(report.note()).contains("under the threshold");
        assertThat(study.files()).allSatisfy(f -> assertThat(f).exists());
    }

    @Test
    void overTheThresholdWithNothingArchivedEverythingIsKept() throws IOException {
        LocalStudy study = localStudy(2);

        PruneReport report = new Pruner(ledger, List.of(sent)).pruneUntilBelow(() -> 95, 80);

        assertThat(report.deleted()).isEmpty();
        assertThat(report.note()).contains("no archived copies are left");
        assertThat(study.files()).allSatisfy(f -> assertThat(f).exists());
    }

    private record LocalStudy(StudyUid uid, Path folder, List<Path> files, List<SopInstanceUid> uids) {}

    /** A study as the watched folder leaves it after sending: its files in sent/<study UID>/. */
    private LocalStudy localStudy(int images) throws IOException {
        SampleStudy sample = SampleStudy.ct();
        Path folder = sent.resolve(sample.studyInstanceUid());
        List<Path> files = sample.writeImages(folder, images);
        DicomHeaderReader reader = new DicomHeaderReader();
        List<SopInstanceUid> uids = files.stream().map(f -> {
            try {
                return reader.read(f).sopInstanceUid();
            } catch (DicomFileException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        return new LocalStudy(StudyUid.of(sample.studyInstanceUid()), folder, files, uids);
    }

    private static long countFiles(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }
}
