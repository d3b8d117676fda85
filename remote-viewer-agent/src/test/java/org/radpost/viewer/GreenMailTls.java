package org.radpost.viewer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import org.radpost.wire.tls.DeploymentCa;
import org.radpost.wire.tls.TlsIdentity;
import org.radpost.viewer.config.ClientTls;

/**
 * One deployment CA per test JVM, and GreenMail's TLS key issued by it (GreenMail reads its key store once per JVM
 * from system properties, so every test class must share it).
 */
public final class GreenMailTls {
    public static final String PASSWORD = "changeit";
    private static DeploymentCa ca;

    private GreenMailTls() {}

    public static synchronized DeploymentCa ca() {
        if (ca == null) {
            try {
                Path folder = Files.createTempDirectory("radpost-viewer-ca");
                ca = DeploymentCa.create(folder, "RadPost Test CA", PASSWORD.toCharArray());
                TlsIdentity server = ca.issue("greenmail", "127.0.0.1", List.of("127.0.0.1", "localhost"));
                System.setProperty("greenmail.tls.keystore.file", server.keyStore().toString());
                System.setProperty("greenmail.tls.keystore.password", PASSWORD);
                System.setProperty("greenmail.tls.key.password", PASSWORD);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ca;
    }

    public static Path trustStore() {
        return ca().trustStore();
    }

    /** A client socket factory that trusts only the test CA and checks the host name. */
    public static SSLSocketFactory clientTls() {
        try {
            return ClientTls.trusting(trustStore(), PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
