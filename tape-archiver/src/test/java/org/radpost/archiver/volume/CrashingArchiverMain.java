package org.radpost.archiver.volume;

import java.nio.file.Path;
import java.time.Clock;
import org.radpost.archiver.ArchiveRecord;
import org.radpost.archiver.Archiver;
import org.radpost.archiver.ArchiverConfig;
import org.radpost.archiver.TestArchive;
import org.radpost.schema.Database;
import org.radpost.schema.DatabaseConfig;

/**
 * The child JVM of {@link CrashRecoveryTest}: archives the given files one after the other, printing
 * "ARCHIVED uid" after each acknowledgement, until the test kills it.
 * Arguments: JDBC URL, archive root, center code, volume cap, files...
 */
public final class CrashingArchiverMain {
    public static void main(String[] args) {
        DatabaseConfig config = new DatabaseConfig(args[0], "root", "", 2);
        Database database = Database.open(config, Archiver.ENTITY_CLASSES);
        Archiver archiver = Archiver.open(database,
                new ArchiverConfig(Path.of(args[1]), Long.parseLong(args[3]), "crash-child"), Clock.systemUTC());
        System.out.println("READY");
        for (int i = 4; i < args.length; i++) {
            ArchiveRecord record = archiver.archive(TestArchive.item(args[2], Path.of(args[i])));
            System.out.println("ARCHIVED " + record.sopInstanceUid().value());
            System.out.flush();
        }
        System.out.println("DONE");
    }
}
