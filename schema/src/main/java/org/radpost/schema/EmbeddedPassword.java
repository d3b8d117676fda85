package org.radpost.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The embedded H2 database's password: random, generated on first use into {@code <folder>/db.password}, readable
 * by the owner only. The server and the command line read the same file, so both log in while the server runs.
 */
public final class EmbeddedPassword {
    /** H2's administrator, who may also force commits to disk (CHECKPOINT SYNC). */
    public static final String USER = "sa";
    static final String FILE = "db.password";

    private EmbeddedPassword() {}

    /** Takes group and other permissions away (the database folder and its files hold patient data). */
    static void ownerOnly(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own access control applies
        }
    }

    /** The folder's password, created when the folder has none yet. */
    public static String of(Path folder) {
        Path file = folder.toAbsolutePath().resolve(FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            }
            Files.createDirectories(folder);
            ownerOnly(folder, "rwx------");
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            Path partial = Files.createTempFile(folder, FILE, ".partial");
            try {
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's own permissions protect it
            }
            Files.writeString(partial, password, StandardCharsets.US_ASCII);
            try {
                Files.createLink(file, partial);
            } catch (FileAlreadyExistsException e) {
                // another process created it a moment ago: that one counts
            } finally {
                Files.deleteIfExists(partial);
            }
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the embedded database's password file " + file
                    + ": " + e.getMessage() + "; check that the data folder is writable by this user", e);
        }
    }
}
