package org.radpost.datacenter.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;
import org.radpost.wire.tls.TlsIdentity;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * Every TLS listener of the data center (SMTPS, STARTTLS, POP3S, the console) refuses a client that offers only a
 * static-RSA or a CBC-SHA1 suite, and accepts forward-secret AEAD; RadPost's own SMTP client refuses a server that
 * offers only CBC. Real handshakes on loopback, with JSSE and with openssl s_client.
 */
class ForwardSecretTlsTest {
    static final String STATIC_RSA_CBC = "TLS_RSA_WITH_AES_128_CBC_SHA";
    static final String ECDHE_CBC_SHA1 = "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA";
    static final String ECDHE_GCM = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    @TempDir Path dir;
    DataCenterFixture fixture;
    SSLContext client;

    @BeforeEach
    void start() throws Exception {
        fixture = DataCenterFixture.start(dir, false);
        client = TlsIdentity.clientContext(fixture.dataCenter.trustStore(), "changeit".toCharArray());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void everyListenerRefusesStaticRsaAndCbcSha1SuitesAndAcceptsForwardSecretAead() throws Exception {
        List<Integer> ports = List.of(fixture.dataCenter.smtpsPort(), fixture.dataCenter.pop3sPort(), fixture.dataCenter.consolePort());
        for (int port : ports) {
            for (String suite : List.of(STATIC_RSA_CBC, ECDHE_CBC_SHA1)) {
                assertThatThrownBy(() -> handshake(new Socket(InetAddress.getLoopbackAddress(), port), port, suite))
                        .as("port %d, %s", port, suite).isInstanceOf(SSLException.class);
            }
            assertThat(handshake(new Socket(InetAddress.getLoopbackAddress(), port), port, ECDHE_GCM)).isEqualTo(ECDHE_GCM);
        }
        int startTls = fixture.dataCenter.startTlsPort();
        assertThatThrownBy(() -> handshake(afterStartTls(startTls), startTls, STATIC_RSA_CBC)).isInstanceOf(SSLException.class);
        assertThat(handshake(afterStartTls(startTls), startTls, ECDHE_GCM)).isEqualTo(ECDHE_GCM);
    }

    @Test
    void opensslOfferingOnlyAes128ShaIsRefusedOnSmtpsAndPop3s() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "needs openssl");
        for (int port : List.of(fixture.dataCenter.smtpsPort(), fixture.dataCenter.pop3sPort())) {
            assertThat(openssl(port, "AES128-SHA")).as("port %d", port).contains("handshake failure");
            assertThat(openssl(port, "ECDHE-RSA-AES128-GCM-SHA256")).as("port %d", port)
                    .contains("Cipher is ECDHE-RSA-AES128-GCM-SHA256");
        }
    }

    @Test
    void radpostsSmtpClientRefusesAServerThatOffersOnlyCbc() throws Exception {
        char[] keys = fixture.dataCenter.config().keyStorePassword();
        SSLContext server = new TlsIdentity(fixture.dataCenter.config().tlsDir().resolve("server.p12"), keys,
                fixture.dataCenter.trustStore(), "changeit".toCharArray()).sslContext();
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            listener.setEnabledProtocols(new String[] {"TLSv1.2"});
            listener.setEnabledCipherSuites(new String[] {ECDHE_CBC_SHA1});
            CompletableFuture<String> handshake = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.startHandshake();
                    accepted.getOutputStream().write("554 5.0.0 this test server takes no mail\r\n".getBytes(StandardCharsets.US_ASCII));
                    return "completed with " + accepted.getSession().getCipherSuite();
                } catch (Exception e) {
                    return "refused: " + e.getMessage();
                }
            });
            SampleStudy.ct().writeImages(dir.resolve("study"), 1);
            Path eml = fixture.packageStudy(dir.resolve("study"), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0);
            SubmitOutcome outcome = new SmtpSubmitter(SmtpSettings.of("127.0.0.1", listener.getLocalPort(), SmtpSettings.Security.SMTPS,
                    DataCenterFixture.CENTER, DataCenterFixture.PASSWORD, fixture.dataCenter.trustStore(), "changeit"))
                    .submit(eml, n -> { });

            assertThat(handshake.get(60, TimeUnit.SECONDS)).startsWith("refused");
            assertThat(outcome).isInstanceOf(SubmitOutcome.TemporaryFailure.class);
        }
    }

    /** Completes a TLS 1.2 handshake offering only {@code suite}; returns the suite agreed. */
    private String handshake(Socket plain, int port, String suite) throws Exception {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
            socket.setSoTimeout(30_000);
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {suite});
            socket.startHandshake();
            return socket.getSession().getCipherSuite();
        }
    }

    /** A plain connection to the STARTTLS port that has asked for TLS and been told to go ahead. */
    private static Socket afterStartTls(int port) throws Exception {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        assertThat(in.readLine()).startsWith("220");
        out.write("EHLO test.example\r\n".getBytes(StandardCharsets.US_ASCII));
        for (String line = in.readLine(); line != null && !line.startsWith("250 "); line = in.readLine()) { }
        out.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(in.readLine()).startsWith("220");
        return socket;
    }

    private static String openssl(int port, String cipher) throws Exception {
        Process process = new ProcessBuilder("/usr/bin/openssl", "s_client", "-connect", "127.0.0.1:" + port, "-tls1_2",
                "-cipher", cipher).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
