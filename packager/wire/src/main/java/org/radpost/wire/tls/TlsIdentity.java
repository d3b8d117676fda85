package org.radpost.wire.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A key store (this side's certificate and key) and a trust store (the deployment CA), as PKCS12 files. */
public record TlsIdentity(Path keyStore, char[] keyStorePassword, Path trustStore, char[] trustStorePassword) {

    /** An SSL context that presents this identity and trusts only the deployment CA. */
    public SSLContext sslContext() throws IOException {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore, keyStorePassword), keyStorePassword);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trustOnly(trustStore, trustStorePassword).getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build TLS from " + keyStore + " and " + trustStore + ": " + e.getMessage(), e);
        }
    }

    /** An SSL context for a client that has no certificate of its own and trusts only the given store. */
    public static SSLContext clientContext(Path trustStore, char[] password) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustOnly(trustStore, password).getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build TLS trusting " + trustStore + ": " + e.getMessage(), e);
        }
    }

    private static TrustManagerFactory trustOnly(Path file, char[] password) throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(file, password));
        return trust;
    }

    static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        if (!Files.isReadable(file)) {
            throw new IOException("key store " + file + " does not exist or cannot be read");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        }
    }
}
