package org.radpost.archiver.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.archiver.ArchiveItem;
import org.radpost.archiver.ArchiveRecord;
import org.radpost.archiver.Archiver;
import org.radpost.archiver.TestArchive;
import org.radpost.archiver.index.AuditAction;
import org.radpost.archiver.restore.RestoreQuery;
import org.radpost.archiver.restore.RestoreReport;
import org.radpost.archiver.verify.VerifyReport;
import org.radpost.wire.SopInstanceUid;
import org.radpost.testkit.SampleStudy;

class CrashRecoveryTest {
    @TempDir
    static Path dir;
    static TestArchive archive;
    static final long CAP = 64L * 1024 * 1024;

    @BeforeAll
    static void open() {
        archive = TestArchive.mariaDb(dir.resolve("archive"));
    }

    @AfterAll
    static void close() {
        archive.close();
    }

    @Test
    void garbageAfterTheLastEntryIsCutOffOnRestart() throws Exception {
        String center = TestArchive.newCenter("GARBAGE");
        List<ArchiveItem> items = TestArchive.study(center, SampleStudy.ct(), dir.resolve("garbage"), 3);
        Archiver before = archive.open(CAP, Clock.systemUTC());
        before.archive(items.get(0));
        before.archive(items.get(1));
        VolumeInfo volume = openVolume(before, center);
        Path file = archive.root.resolve(volume.path());
        byte[] garbage = new byte[3000];
        new Random(7).nextBytes(garbage);
        Files.write(file, garbage, StandardOpenOption.APPEND);

        Archiver after = archive.open(CAP, Clock.systemUTC());

        assertThat(Files.size(file)).isEqualTo(volume.sizeBytes());
        assertReadableWithEntries(file, 2);
        assertThat(after.latestAudit(20)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.RECOVER);
            assertThat(e.volumeId()).isEqualTo(volume.id());
        });
        ArchiveRecord third = after.archive(items.get(2));
        assertThat(third.volumeId()).isEqualTo(volume.id());
        assertReadableWithEntries(file, 3);
        assertThat(after.verify(volume.id()).findings()).isEmpty();
    }

    @Test
    void aPartialEntryLeftByAnInterruptedAppendIsCutOffOnRestart() throws Exception {
        String center = TestArchive.newCenter("PARTIAL");
        List<ArchiveItem> items = TestArchive.study(center, SampleStudy.ct(), dir.resolve("partial"), 2);
        Archiver before = archive.open(CAP, Clock.systemUTC());
        ArchiveRecord kept = before.archive(items.get(0));
        VolumeInfo volume = openVolume(before, center);
        Path file = archive.root.resolve(volume.path());
        // An append that dies half-way through the data: header and megabytes written (past the write buffer), no end records.
        try (VolumeWriter writer = VolumeWriter.open(file, volume.sizeBytes())) {
            InputStream dying = new InputStream() {
                final InputStream bytes = new ByteArrayInputStream(new byte[3_000_000]);

                @Override
                public int read() throws IOException {
                    int b = bytes.read();
                    if (b < 0) {
                        throw new IOException("power lost");
                    }
                    return b;
                }
            };
            writer.append("half/written.dcm", dying, 5_000_000, Instant.now());
        } catch (IOException expected) {
            // the crash
        }
        assertThat(Files.size(file)).isGreaterThan(volume.sizeBytes());

        Archiver after = archive.open(CAP, Clock.systemUTC());

        assertReadableWithEntries(file, 1);
        assertThat(after.find(kept.sopInstanceUid())).contains(kept);
        RestoreReport restored = after.restore(RestoreQuery.study(kept.studyUid()), dir.resolve("partial-out"), "test");
        assertThat(restored.failures()).isEmpty();
        assertThat(Files.mismatch(restored.restored().get(0).file(), items.get(0).file())).isEqualTo(-1);
        assertThat(after.archive(items.get(1)).volumeId()).isEqualTo(volume.id());
        assertThat(after.verify(volume.id()).findings()).isEmpty();
    }

    @Test
    void killingTheArchiverMidWriteLosesNoAcknowledgedObjectAndLeavesNoUnreadableVolume() throws Exception {
        String center = TestArchive.newCenter("KILL");
        SampleStudy study = SampleStudy.ct().size(512, 512).frames(2);
        List<Path> files = study.writeImages(dir.resolve("kill"), 24);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), CrashingArchiverMain.class.getName(),
                archive.config.jdbcUrl(), archive.root.toString(), center, Long.toString(CAP)));
        files.forEach(f -> command.add(f.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("ARCHIVED ")) {
                        acknowledged.add(line.substring("ARCHIVED ".length()));
                    }
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        });
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> acknowledged.size() >= 3 || !child.isAlive());
        } finally {
            child.destroyForcibly();   // SIGKILL: no shutdown hooks, no flush
            child.waitFor();
            reader.join(5000);
        }
        assertThat(acknowledged).as("the child archived something before it was killed").hasSizeGreaterThanOrEqualTo(3);
        List<String> acked = List.copyOf(acknowledged);

        Archiver after = archive.open(CAP, Clock.systemUTC());

        for (String uid : acked) {
            assertThat(after.find(SopInstanceUid.of(uid))).as("acknowledged object %s", uid).isPresent();
        }
        RestoreReport restored = after.restore(RestoreQuery.study(org.radpost.wire.StudyUid.of(study.studyInstanceUid())),
                dir.resolve("kill-out"), "test");
        assertThat(restored.failures()).isEmpty();
        assertThat(restored.restored()).hasSizeGreaterThanOrEqualTo(acked.size());
        for (RestoreReport.Restored r : restored.restored()) {
            Path original = files.stream().filter(f -> TestArchive.item(center, f).sopInstanceUid()
                    .equals(r.record().sopInstanceUid())).findFirst().orElseThrow();
            assertThat(Files.mismatch(r.file(), original)).isEqualTo(-1);
        }
        VolumeInfo volume = openVolume(after, center);
        assertReadableWithEntries(archive.root.resolve(volume.path()), volume.objectCount());
        VerifyReport report = after.verify(volume.id());
        assertThat(report.findings()).isEmpty();
        // Archiving the rest after the crash continues in the same volume.
        for (Path f : files) {
            after.archive(TestArchive.item(center, f));
        }
        assertThat(after.findByStudy(org.radpost.wire.StudyUid.of(study.studyInstanceUid()))).hasSize(files.size());
        assertThat(after.verify(volume.id()).findings()).isEmpty();
    }

    private static VolumeInfo openVolume(Archiver archiver, String center) {
        return archiver.volumes().stream().filter(v -> v.centerCode().equals(center) && v.state() == VolumeState.OPEN)
                .findFirst().orElseThrow();
    }

    private static void assertReadableWithEntries(Path file, int entries) throws IOException {
        try (TarFile tar = new TarFile(file)) {
            assertThat(tar.getEntries()).hasSize(entries).allSatisfy(e -> assertThat(e.isFile()).isTrue());
            for (TarArchiveEntry e : tar.getEntries()) {
                try (InputStream in = tar.getInputStream(e)) {
                    assertThat(in.transferTo(java.io.OutputStream.nullOutputStream())).isEqualTo(e.getSize());
                }
            }
        }
    }
}
