package org.radpost.datacenter.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A bare socket speaking SMTP byte for byte, so tests can send what no well-behaved client would (bare LF,
 * pipelined STARTTLS) and read the exact reply codes.
 */
final class RawSmtpClient implements AutoCloseable {
    private final SSLContext tls;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private RawSmtpClient(SSLContext tls, Socket socket) throws IOException {
        this.tls = tls;
        use(socket);
        socket.setSoTimeout(15_000);
    }

    static RawSmtpClient plain(int port, SSLContext tls) throws IOException {
        return new RawSmtpClient(tls, new Socket("127.0.0.1", port));
    }

    static RawSmtpClient implicitTls(int port, SSLContext tls) throws IOException {
        return implicitTls(port, tls, java.time.Duration.ofSeconds(15));
    }

    /** With a read timeout: a reply that does not come within it fails the read. */
    static RawSmtpClient implicitTls(int port, SSLContext tls, java.time.Duration readTimeout) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout((int) readTimeout.toMillis());
        socket.startHandshake();
        RawSmtpClient client = new RawSmtpClient(tls, socket);
        socket.setSoTimeout((int) readTimeout.toMillis());
        return client;
    }

    /** Connects over SMTPS, reads the greeting, says EHLO and logs in with AUTH PLAIN. */
    static RawSmtpClient authenticated(int port, SSLContext tls, String user, String password) throws IOException {
        RawSmtpClient client = implicitTls(port, tls);
        client.reply();
        client.command("EHLO test.example");
        String auth = client.command("AUTH PLAIN " + plain(user, password));
        if (!auth.startsWith("235")) {
            throw new IOException("AUTH failed: " + auth);
        }
        return client;
    }

    static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one command line and returns the whole (possibly multi-line) reply. */
    String command(String line) throws IOException {
        send(line + "\r\n");
        return reply();
    }

    void send(String raw) throws IOException {
        sendBytes(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    void sendBytes(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** Reads one reply: lines "ddd-..." continue, the line "ddd ..." ends it; the lines are joined with LF. */
    String reply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("connection closed after " + lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return String.join("\n", lines);
            }
        }
    }

    /** True when the server has closed the connection (reads end of stream, or the socket is reset). */
    boolean closedByServer() {
        try {
            return in.read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    void startTls() throws IOException {
        String reply = command("STARTTLS");
        if (!reply.startsWith("220")) {
            throw new IOException("STARTTLS refused: " + reply);
        }
        SSLSocket upgraded = (SSLSocket) tls.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        upgraded.startHandshake();
        use(upgraded);
    }

    private void use(Socket next) throws IOException {
        socket = next;
        in = next.getInputStream();
        out = next.getOutputStream();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
