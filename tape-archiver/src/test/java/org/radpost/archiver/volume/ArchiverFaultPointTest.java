package org.radpost.archiver.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.archiver.ArchiveRecord;
import org.radpost.archiver.Archiver;
import org.radpost.archiver.TestArchive;
import org.radpost.schema.FaultPoint;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.StudyUid;

/**
 * The archiver halted (as by {@code kill -9}) at each of its fault points while writing the third object of a study
 * into a TAR volume: after the restart GNU {@code tar tf} lists the volume without complaint, the entries it lists
 * are exactly the index's for that volume (the interrupted one cut off, not half there), and archiving goes on in
 * the same volume.
 */
class ArchiverFaultPointTest {
    static final List<String> POINTS = FaultPoint.ARCHIVER_POINTS;
    static final long CAP = 256L * 1024 * 1024;

    @TempDir
    static Path dir;
    static TestArchive archive;

    @BeforeAll
    static void open() {
        archive = TestArchive.mariaDb(dir.resolve("archive"));
    }

    @AfterAll
    static void close() {
        archive.close();
    }

    @ParameterizedTest
    @FieldSource("POINTS")
    void aRestartAfterAHaltAtThePointLeavesAVolumeTarListsAndTheIndexAgreesWith(String point) throws Exception {
        String center = TestArchive.newCenter("F" + POINTS.indexOf(point));
        // 3 MB objects: half-way through one, more than the writer's 1 MB buffer has reached the disk.
        SampleStudy study = SampleStudy.ct().size(512, 512).frames(6);
        List<Path> files = study.writeImages(dir.resolve(point), 4);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dradpost.fault=" + point, "-Dradpost.fault.after=3", "-cp", System.getProperty("java.class.path"),
                CrashingArchiverMain.class.getName(), archive.config.jdbcUrl(), archive.root.toString(), center, Long.toString(CAP)));
        files.forEach(f -> command.add(f.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("ARCHIVED ")) {
                    acknowledged.add(line.substring("ARCHIVED ".length()));
                }
            }
        }
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("halted at %s", point).isEqualTo(FaultPoint.HALT_STATUS);
        assertThat(acknowledged).hasSize(2);
        Path volume = volumeFile(center);
        long onDisk = Files.size(volume);

        Archiver after = archive.open(CAP, Clock.systemUTC());

        assertThat(Files.size(volume)).as("the interrupted entry's bytes were on disk and are cut off").isLessThan(onDisk);
        List<ArchiveRecord> indexed = after.findByStudy(StudyUid.of(study.studyInstanceUid())).stream()
                .sorted(Comparator.comparingLong(ArchiveRecord::offset)).toList();
        assertThat(indexed).extracting(r -> r.sopInstanceUid().value()).containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(tarList(volume)).as("tar tf %s", volume).isEqualTo(indexed.stream().map(ArchiveRecord::entryName).toList());
        assertThat(after.verify(indexed.get(0).volumeId()).findings()).isEmpty();

        files.forEach(f -> after.archive(TestArchive.item(center, f)));
        List<ArchiveRecord> all = after.findByStudy(StudyUid.of(study.studyInstanceUid())).stream()
                .sorted(Comparator.comparingLong(ArchiveRecord::offset)).toList();
        assertThat(all).hasSize(4).allMatch(r -> r.volumeId() == indexed.get(0).volumeId());
        assertThat(tarList(volume)).isEqualTo(all.stream().map(ArchiveRecord::entryName).toList());
    }

    @org.junit.jupiter.api.Test
    void aHaltBetweenABatchsFsyncAndItsCommitCutsTheWholeBatchOffAtTheRestart() throws Exception {
        String center = TestArchive.newCenter("FB");
        SampleStudy study = SampleStudy.ct().size(512, 512).frames(2);
        List<Path> files = study.writeImages(dir.resolve("batch"), 5);
        // Two objects one by one (the point's first two passes), then three in one call: its one fsync is the third.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dradpost.fault=archive-entry-synced", "-Dradpost.fault.after=3", "-cp",
                System.getProperty("java.class.path"), CrashingArchiverMain.class.getName(), archive.config.jdbcUrl(),
                archive.root.toString(), center, Long.toString(CAP), files.get(0).toString(), files.get(1).toString(),
                CrashingArchiverMain.BATCH));
        files.subList(2, 5).forEach(f -> command.add(f.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("ARCHIVED ")) {
                    acknowledged.add(line.substring("ARCHIVED ".length()));
                }
            }
        }
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(FaultPoint.HALT_STATUS);
        assertThat(acknowledged).hasSize(2);
        Path volume = volumeFile(center);
        long onDisk = Files.size(volume);

        Archiver after = archive.open(CAP, Clock.systemUTC());

        List<ArchiveRecord> indexed = after.findByStudy(StudyUid.of(study.studyInstanceUid())).stream()
                .sorted(Comparator.comparingLong(ArchiveRecord::offset)).toList();
        assertThat(indexed).extracting(r -> r.sopInstanceUid().value()).containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(Files.size(volume)).as("the batch's three fsynced entries are cut off").isLessThan(onDisk);
        assertThat(tarList(volume)).isEqualTo(indexed.stream().map(ArchiveRecord::entryName).toList());
        assertThat(after.verify(indexed.get(0).volumeId()).findings()).isEmpty();

        List<ArchiveRecord> again = after.archiveAll(files.stream().map(f -> TestArchive.item(center, f)).toList());
        assertThat(again.subList(0, 2)).containsExactlyElementsOf(indexed);
        assertThat(tarList(volume)).isEqualTo(again.stream().map(ArchiveRecord::entryName).toList());
    }

    private static Path volumeFile(String center) throws IOException {
        try (var files = Files.walk(archive.root)) {
            return files.filter(Files::isRegularFile).filter(p -> p.toString().contains(center)).filter(p -> p.toString().endsWith(".tar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no volume of center " + center + " under " + archive.root));
        }
    }

    /** What GNU tar lists; fails unless tar exits 0 with nothing on stderr. */
    private static List<String> tarList(Path volume) throws Exception {
        Process tar = new ProcessBuilder("tar", "tf", volume.toString()).start();
        List<String> names;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(tar.getInputStream(), StandardCharsets.UTF_8))) {
            names = out.lines().toList();
        }
        String errors = new String(tar.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor()).as("tar tf exit status (%s)", errors).isZero();
        assertThat(errors).as("tar tf warnings").isEmpty();
        return names;
    }
}
