package org.radpost.datacenter.smtp;

import org.radpost.wire.tls.LoopbackTls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message several times larger than the server's heap goes through: proof that DATA is staged to disk and
 * streamed to the sink, never held in memory. The server runs in its own JVM with {@code -Xmx64m}; the size is
 * {@code -Dradpost.largeMessageMb} (default 300).
 */
class LargeMessageTest {
    private static final int HEAP_MB = 64;

    @TempDir
    Path folder;

    @Test
    void acceptsAMessageFiveTimesTheHeapWithoutHoldingItInMemory() throws Exception {
        long payload = Long.getLong("radpost.largeMessageMb", 300) * 1024 * 1024;
        LoopbackTls tls = LoopbackTls.create(folder.resolve("ca"));
        Process server = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP_MB + "m", "-cp", System.getProperty("java.class.path"), LowHeapSmtpMain.class.getName(),
                folder.toString(), "changeit", Long.toString(payload * 2)))
                // The child's own log goes to a file, so a failure under load can be read afterwards.
                .redirectError(Path.of("target", "large-message-server.log").toFile()).start();
        try {
            BufferedReader serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
            String portLine = serverOut.readLine();
            assertThat(portLine).startsWith("PORT ");
            int port = Integer.parseInt(portLine.substring(5));

            try (RawSmtpClient client = RawSmtpClient.authenticated(port, tls.client(), SmtpFixture.CENTER_USER,
                    SmtpFixture.CENTER_PASSWORD)) {
                assertThat(client.command("MAIL FROM:<" + SmtpFixture.CENTER_ADDRESS + "> SIZE=" + payload)).startsWith("250");
                assertThat(client.command("RCPT TO:<" + SmtpFixture.VIEWER_ADDRESS + ">")).startsWith("250");
                assertThat(client.command("DATA")).startsWith("354");
                long sent = sendLines(client, payload);
                client.send(".\r\n");
                String reply = client.reply();
                assertThat(reply).startsWith("250 2.0.0 Message accepted, queued as ");
                long stored = Long.parseLong(reply.substring(reply.lastIndexOf(' ') + 1));
                // What the sink streamed: everything sent plus the Received header the server prepends.
                assertThat(stored).isBetween(sent, sent + 1024);
            }
            server.getOutputStream().close();
            String peak = serverOut.readLine();
            assertThat(peak).startsWith("PEAK_HEAP ");
            System.out.printf("LargeMessageTest: %d MB through a %d MB heap, peak heap used %.1f MB%n",
                    payload >> 20, HEAP_MB, Long.parseLong(peak.substring(10)) / 1048576.0);
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            server.destroyForcibly();
        }
    }

    /** Sends 998-byte lines (the most RFC 5321 allows) until the payload is reached; returns the bytes sent. */
    private static long sendLines(RawSmtpClient client, long payload) throws Exception {
        byte[] line = new byte[1000];
        Arrays.fill(line, (byte) 'x');
        line[998] = '\r';
        line[999] = '\n';
        byte[] chunk = new byte[line.length * 256];
        for (int i = 0; i < 256; i++) {
            System.arraycopy(line, 0, chunk, i * line.length, line.length);
        }
        long sent = 0;
        while (sent < payload) {
            client.sendBytes(chunk);
            sent += chunk.length;
        }
        return sent;
    }
}
