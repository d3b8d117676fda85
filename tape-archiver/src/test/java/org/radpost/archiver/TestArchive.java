package org.radpost.archiver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.radpost.wire.DicomSummary;
import org.radpost.wire.Sha256;
import org.radpost.wire.dicom.DicomFileException;
import org.radpost.wire.dicom.DicomHeaderReader;
import org.radpost.testkit.SampleStudy;
import org.radpost.schema.Database;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.TestDatabases;

/** A database plus an archive root for one test class, and helpers that turn sample DICOM into archive items. */
public final class TestArchive implements AutoCloseable {
    public final DatabaseConfig config;
    public final Database database;
    public final Path root;

    private TestArchive(DatabaseConfig config, Path root) {
        this.config = config;
        this.database = Database.open(config, Archiver.ENTITY_CLASSES);
        this.root = root;
    }

    public static TestArchive mariaDb(Path root) {
        return new TestArchive(TestDatabases.freshMariaDb(), root);
    }

    public static TestArchive h2(Path folder) {
        return new TestArchive(TestDatabases.freshH2(folder.resolve("db")), folder.resolve("archive"));
    }

    public Archiver open(long capBytes, Clock clock) {
        return Archiver.open(database, new ArchiverConfig(root, capBytes, "test"), clock);
    }

    /** A center code no other test uses, so tests sharing a class database do not see each other's volumes. */
    public static String newCenter(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Writes {@code count} images of a new study and returns them as archive items of {@code center}. */
    public static List<ArchiveItem> study(String center, SampleStudy study, Path folder, int count) {
        List<ArchiveItem> items = new ArrayList<>();
        for (Path file : study.writeImages(folder, count)) {
            items.add(item(center, file));
        }
        return items;
    }

    /** The item for a DICOM file, as the data center would hand it over. */
    public static ArchiveItem item(String center, Path file) {
        try {
            DicomSummary summary = new DicomHeaderReader().read(file);
            return ArchiveItem.of(center, summary, file, Sha256.of(file));
        } catch (DicomFileException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same item with another study date (empty: the header had none). */
    public static ArchiveItem dated(ArchiveItem item, Optional<LocalDate> studyDate) {
        return new ArchiveItem(item.centerCode(), item.modality(), item.studyUid(), item.sopInstanceUid(),
                item.patientId(), item.accessionNumber(), studyDate, item.file(), item.sha256());
    }

    @Override
    public void close() {
        database.close();
        TestDatabases.drop(config);
    }
}
