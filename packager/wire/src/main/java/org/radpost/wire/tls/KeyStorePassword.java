package org.radpost.wire.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The password of the key stores in a deployment CA folder (the CA's key, the servers' keys) when the operator
 * set none: random, generated with the folder into {@code keystore.password}, readable by the owner only. A folder
 * made before this file existed keeps the old default "changeit" until its key stores are re-issued.
 */
public final class KeyStorePassword {
    public static final String FILE = "keystore.password";
    /** What CA folders made before generated passwords used; never used for a new folder. */
    static final String LEGACY_DEFAULT = "changeit";

    private KeyStorePassword() {}

    /** The folder's key-store password, generated now when the folder holds no CA yet. */
    public static char[] of(Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip().toCharArray();
        }
        if (Files.exists(folder.resolve(DeploymentCa.CA_FILE))) {
            return LEGACY_DEFAULT.toCharArray();
        }
        OwnerOnly.folder(folder);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        Path partial = folder.resolve(FILE + "." + Long.toHexString(new SecureRandom().nextLong()) + ".partial");
        try (OutputStream out = OwnerOnly.newFile(partial)) {
            out.write(HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII));
        }
        try {
            Files.createLink(file, partial);
        } catch (FileAlreadyExistsException e) {
            // another process made it a moment ago: that one counts
        } finally {
            Files.deleteIfExists(partial);
        }
        return Files.readString(file, StandardCharsets.US_ASCII).strip().toCharArray();
    }

    /** A fresh random password for a key store handed to someone else (a center's or a viewer's). */
    public static char[] random() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random).toCharArray();
    }
}
