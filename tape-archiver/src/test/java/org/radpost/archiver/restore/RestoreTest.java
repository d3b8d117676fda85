package org.radpost.archiver.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.archiver.ArchiveItem;
import org.radpost.archiver.ArchiveRecord;
import org.radpost.archiver.Archiver;
import org.radpost.testkit.MutableClock;
import org.radpost.archiver.TestArchive;
import org.radpost.archiver.index.AuditAction;
import org.radpost.archiver.volume.VolumeState;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;
import org.radpost.testkit.SampleStudy;

class RestoreTest {
    @TempDir
    static Path dir;
    static TestArchive archive;
    static Archiver archiver;

    @BeforeAll
    static void open() {
        archive = TestArchive.mariaDb(dir.resolve("archive"));
        archiver = archive.open(400 * 1024, MutableClock.at("2026-11-23T10:00:00Z"));
    }

    @AfterAll
    static void close() {
        archive.close();
    }

    @Test
    void restoresAStudyByteForByteFromSealedAndOpenVolumes() throws Exception {
        String center = TestArchive.newCenter("RESTORE");
        SampleStudy study = SampleStudy.of("MR", "PAT-R1", "ROE^RICHARD", "ACC-R1");
        List<ArchiveItem> items = TestArchive.study(center, study, dir.resolve("r1"), 7);
        items.forEach(archiver::archive);
        assertThat(archiver.volumes()).filteredOn(v -> v.centerCode().equals(center))
                .extracting(v -> v.state()).contains(VolumeState.SEALED, VolumeState.OPEN);

        RestoreReport report = archiver.restore(RestoreQuery.study(items.get(0).studyUid()), dir.resolve("out1"), "test");

        assertThat(report.failures()).isEmpty();
        assertSameBytes(report, items);
        assertThat(report.bytes()).isEqualTo(items.stream().mapToLong(i -> size(i.file())).sum());
        assertThat(archiver.audit(items.get(0).studyUid())).extracting(e -> e.action()).contains(AuditAction.RESTORE);
    }

    @Test
    void restoresByAccessionAndByPatient() throws Exception {
        String center = TestArchive.newCenter("QUERY");
        List<ArchiveItem> first = TestArchive.study(center, SampleStudy.of("CT", "PAT-Q", "Q^Q", "ACC-Q1"),
                dir.resolve("q1"), 2);
        List<ArchiveItem> second = TestArchive.study(center, SampleStudy.of("CR", "PAT-Q", "Q^Q", "ACC-Q2"),
                dir.resolve("q2"), 1);
        first.forEach(archiver::archive);
        second.forEach(archiver::archive);

        RestoreReport byAccession = archiver.restore(RestoreQuery.accession("ACC-Q2"), dir.resolve("out-acc"), "test");
        assertSameBytes(byAccession, second);

        RestoreReport byPatient = archiver.restore(RestoreQuery.patient("PAT-Q"), dir.resolve("out-pat"), "test");
        List<ArchiveItem> both = new ArrayList<>(first);
        both.addAll(second);
        assertSameBytes(byPatient, both);
        assertThat(archiver.restore(RestoreQuery.patient("NOBODY"), dir.resolve("out-none"), "test").restored()).isEmpty();
    }

    @Test
    void priorsAreThePatientsOtherStudiesFromTheSameCenterNewestFirst() {
        String center = TestArchive.newCenter("PRIORS");
        String other = TestArchive.newCenter("ELSEWHERE");
        String patient = "PAT-" + center;
        List<ArchiveRecord> y2020 = archiveStudy(center, "CT", patient, LocalDate.of(2020, 1, 5), 2);
        List<ArchiveRecord> y2022 = archiveStudy(center, "MR", patient, LocalDate.of(2022, 3, 9), 1);
        List<ArchiveRecord> y2024 = archiveStudy(center, "CT", patient, LocalDate.of(2024, 7, 1), 2);
        archiveStudy(other, "CT", patient, LocalDate.of(2025, 1, 1), 1);
        List<ArchiveRecord> current = archiveStudy(center, "CT", patient, LocalDate.of(2026, 11, 20), 1);
        StudyUid currentStudy = current.get(0).studyUid();

        List<ArchiveRecord> twoNewest = archiver.priorsFor(patient, center, currentStudy, 2, Set.of());
        assertThat(twoNewest).extracting(ArchiveRecord::studyUid).containsExactly(
                y2024.get(0).studyUid(), y2024.get(0).studyUid(), y2022.get(0).studyUid());

        List<ArchiveRecord> ctOnly = archiver.priorsFor(patient, center, currentStudy, 5, Set.of("CT"));
        assertThat(ctOnly).extracting(ArchiveRecord::sopInstanceUid).containsExactlyElementsOf(
                concat(y2024, y2020).stream().map(ArchiveRecord::sopInstanceUid).toList());

        RestoreReport delivered = archiver.restore(twoNewest, dir.resolve("priors"), "test");
        assertThat(delivered.failures()).isEmpty();
        assertThat(delivered.restored()).hasSize(3);
    }

    private List<ArchiveRecord> archiveStudy(String center, String modality, String patient, LocalDate date, int images) {
        SampleStudy study = SampleStudy.of(modality, patient, "P^P", "A" + date.getYear());
        return TestArchive.study(center, study, dir.resolve(center + date), images).stream()
                .map(i -> archiver.archive(TestArchive.dated(i, Optional.of(date)))).toList();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void assertSameBytes(RestoreReport report, List<ArchiveItem> items) throws Exception {
        assertThat(report.failures()).isEmpty();
        Map<SopInstanceUid, Path> restored = report.restored().stream()
                .collect(Collectors.toMap(r -> r.record().sopInstanceUid(), RestoreReport.Restored::file));
        assertThat(restored.keySet()).containsExactlyInAnyOrderElementsOf(
                items.stream().map(ArchiveItem::sopInstanceUid).toList());
        Map<SopInstanceUid, ArchiveItem> byUid = items.stream()
                .collect(Collectors.toMap(ArchiveItem::sopInstanceUid, Function.identity()));
        for (Map.Entry<SopInstanceUid, Path> e : restored.entrySet()) {
            assertThat(e.getValue()).hasFileName(e.getKey().value() + ".dcm");
            assertThat(Files.mismatch(e.getValue(), byUid.get(e.getKey()).file())).as("restored %s", e.getKey()).isEqualTo(-1);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
