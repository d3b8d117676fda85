package org.radpost.wire.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;

/** A throw-away deployment CA with a server certificate for 127.0.0.1/localhost: TLS material for single-box demos and tests. */
public final class LoopbackTls {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private final SSLContext server;
    private final SSLContext client;
    private final Path caPem;

    private LoopbackTls(SSLContext server, SSLContext client, Path caPem) {
        this.server = server;
        this.client = client;
        this.caPem = caPem;
    }

    public static LoopbackTls create(Path folder) throws IOException {
        DeploymentCa ca = DeploymentCa.create(folder, "RadPost test CA", PASSWORD);
        TlsIdentity identity = ca.issue("datacenter", "localhost", List.of("localhost", "127.0.0.1"));
        Path pem = folder.resolve("ca.pem");
        try {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(ca.certificate().getEncoded());
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
        } catch (CertificateEncodingException e) {
            throw new IOException("cannot export the test CA as PEM", e);
        }
        return new LoopbackTls(identity.sslContext(), TlsIdentity.clientContext(ca.trustStore(), PASSWORD), pem);
    }

    public SSLContext server() {
        return server;
    }

    public SSLContext client() {
        return client;
    }

    /** The CA certificate as PEM, for curl and swaks. */
    public Path caPem() {
        return caPem;
    }
}
