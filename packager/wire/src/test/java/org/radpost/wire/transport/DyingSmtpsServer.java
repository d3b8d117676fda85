package org.radpost.wire.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import org.radpost.wire.tls.DeploymentCa;
import org.radpost.wire.tls.TlsIdentity;

/**
 * An SMTPS server on 127.0.0.1 (certificate from {@link TlsMailServer}'s CA) that greets, answers EHLO offering
 * AUTH, and then dies the moment the client sends AUTH: the socket closes with no reply, as when the data center
 * is killed in the middle of a login.
 */
public final class DyingSmtpsServer implements AutoCloseable {
    private final ServerSocket listener;
    private final AtomicInteger authsCut = new AtomicInteger();

    public DyingSmtpsServer() throws IOException {
        TlsMailServer.trustStore();
        DeploymentCa ca = DeploymentCa.load(TlsMailServer.trustStore().getParent(), TlsMailServer.STORE_PASSWORD);
        TlsIdentity identity = ca.issue("dying-" + System.nanoTime(), "mail.radpost.test", List.of("127.0.0.1"));
        SSLServerSocket socket = (SSLServerSocket) identity.sslContext().getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.listener = socket;
        Thread accept = new Thread(this::acceptLoop, "dying-smtps");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** How many connections were closed right after their AUTH command. */
    public int authsCut() {
        return authsCut.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try (Socket client = listener.accept()) {
                converse(client);
            } catch (IOException e) {
                // The client went away first, or the listener closed.
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = client.getOutputStream();
        out.write("220 mail.radpost.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        for (String line; (line = in.readLine()) != null; ) {
            String command = line.toUpperCase(java.util.Locale.ROOT);
            if (command.startsWith("EHLO")) {
                out.write("250-mail.radpost.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } else if (command.startsWith("AUTH")) {
                authsCut.incrementAndGet();
                client.setSoLinger(true, 0); // a killed process: the connection just ends, no reply, no goodbye
                return;
            } else {
                out.write("502 5.5.1 not here\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
