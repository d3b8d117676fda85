package org.radpost.archiver.volume;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.radpost.archiver.ArchiveItem;
import org.radpost.archiver.ArchiveRecord;
import org.radpost.archiver.Archiver;
import org.radpost.archiver.ArchiverConfig;
import org.radpost.archiver.TestArchive;
import org.radpost.schema.Database;
import org.radpost.schema.DatabaseConfig;

/**
 * The child JVM of {@link CrashRecoveryTest}: archives the given files one after the other, printing
 * "ARCHIVED uid" after each acknowledgement, until the test kills it.
 * Arguments: JDBC URL, archive root, center code, volume cap, files...; the files after {@link #BATCH} are
 * archived together in one {@code archiveAll} call.
 */
public final class CrashingArchiverMain {
    public static final String BATCH = "--batch";

    public static void main(String[] args) {
        DatabaseConfig config = new DatabaseConfig(args[0], "root", "", 2);
        Database database = Database.open(config, Archiver.ENTITY_CLASSES);
        Archiver archiver = Archiver.open(database,
                new ArchiverConfig(Path.of(args[1]), Long.parseLong(args[3]), "crash-child"), Clock.systemUTC());
        System.out.println("READY");
        for (int i = 4; i < args.length; i++) {
            if (args[i].equals(BATCH)) {
                List<ArchiveItem> rest = new ArrayList<>();
                for (int j = i + 1; j < args.length; j++) {
                    rest.add(TestArchive.item(args[2], Path.of(args[j])));
                }
                archiver.archiveAll(rest).forEach(r -> System.out.println("ARCHIVED " + r.sopInstanceUid().value()));
                System.out.flush();
                break;
            }
            ArchiveRecord record = archiver.archive(TestArchive.item(args[2], Path.of(args[i])));
            System.out.println("ARCHIVED " + record.sopInstanceUid().value());
            System.out.flush();
        }
        System.out.println("DONE");
    }
}
