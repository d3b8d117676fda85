package org.radpost.wire.transport;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.radpost.wire.tls.DeploymentCa;
import org.radpost.wire.tls.TlsIdentity;

/**
 * GreenMail as an independent mail server for tests, speaking SMTPS with a certificate from a deployment
 * CA and requiring AUTH. GreenMail loads its TLS key store once per JVM from system properties, so the CA
 * and certificate are made once and shared by every test in the JVM. The certificate names 127.0.0.1 only,
 * so connecting as "localhost" shows the host-name check.
 */
public final class TlsMailServer implements AutoCloseable {
    public static final String USER = "center1";
    public static final String PASSWORD = "center1-secret";
    public static final String ADDRESS = "center1@center.radpost.test";
    public static final char[] STORE_PASSWORD = "changeit-radpost".toCharArray();

    private static Path caFolder;

    private final GreenMail greenMail;

    private TlsMailServer(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /** The trust store of the CA that issued the server's certificate. */
    public static synchronized Path trustStore() {
        if (caFolder == null) {
            try {
                caFolder = Files.createTempDirectory("radpost-greenmail-ca");
                DeploymentCa ca = DeploymentCa.create(caFolder, "RadPost test CA", STORE_PASSWORD);
                TlsIdentity server = ca.issue("greenmail", "mail.radpost.test", List.of("127.0.0.1"));
                System.setProperty("greenmail.tls.keystore.file", server.keyStore().toString());
                System.setProperty("greenmail.tls.keystore.password", new String(STORE_PASSWORD));
                System.setProperty("greenmail.tls.key.password", new String(STORE_PASSWORD));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return caFolder.resolve(DeploymentCa.TRUSTSTORE_FILE);
    }

    /** Starts SMTPS on 127.0.0.1, a free port. */
    public static TlsMailServer smtps() {
        return start(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
    }

    /** Starts plain SMTP (no STARTTLS: GreenMail does not offer it) on 127.0.0.1, a free port. */
    public static TlsMailServer plainSmtp() {
        return start(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    private static TlsMailServer start(ServerSetup setup) {
        trustStore();
        GreenMail greenMail = new GreenMail(setup.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(ADDRESS, USER, PASSWORD));
        greenMail.start();
        return new TlsMailServer(greenMail);
    }

    public GreenMail greenMail() {
        return greenMail;
    }

    public int port() {
        return greenMail.getSmtps() != null ? greenMail.getSmtps().getPort() : greenMail.getSmtp().getPort();
    }

    /** Settings a center would use for this server: SMTPS on 127.0.0.1 with the right trust store. */
    public SmtpSettings settings() {
        return SmtpSettings.of("127.0.0.1", port(), SmtpSettings.Security.SMTPS, USER, PASSWORD, trustStore(),
                new String(STORE_PASSWORD));
    }

    public void stop() {
        greenMail.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
