package org.radpost.datacenter.smime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Key stores are readable by their owner only: a private key another local user can read is no longer private. */
public final class KeyFiles {
    private KeyFiles() {}

    /** Sets {@code rw-------} on the file (where the file system knows POSIX permissions). */
    public static void ownerOnly(Path keyStore) throws IOException {
        try {
            Files.setPosixFilePermissions(keyStore, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): its ACLs are the operator's to set.
        }
    }
}
