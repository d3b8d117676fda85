package org.radpost.wire.smime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;

/** A party's S/MIME key and certificate (a center, a viewer or the data center), as the deployment CA issued them. */
public record SmimeIdentity(PrivateKey key, X509Certificate certificate) {
    /** Loads the first key entry of a PKCS#12 key store that {@code datacenter certificate} wrote. */
    public static SmimeIdentity load(Path keyStore, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return new SmimeIdentity((PrivateKey) store.getKey(alias, password), (X509Certificate) store.getCertificate(alias));
                }
            }
            throw new IOException("the key store " + keyStore + " holds no private key: issue one with 'datacenter certificate'");
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the S/MIME key from " + keyStore + ": " + e.getMessage(), e);
        }
    }
}
