package org.radpost.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 in front of a server (TLS passes through untouched): while armed, it cuts both sockets
 * of a connection once the server has sent a given number of bytes on it — a mail server going away in the middle
 * of a download. Disarmed, it relays everything.
 */
final class CuttingRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final AtomicLong cutAfterBytes;
    private final AtomicBoolean cut = new AtomicBoolean();

    CuttingRelay(int targetPort, long cutAfterBytes) throws IOException {
        this.targetPort = targetPort;
        this.cutAfterBytes = new AtomicLong(cutAfterBytes);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "cutting-relay");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** True once a connection was cut. */
    boolean hasCut() {
        return cut.get();
    }

    /** From the next connection on, cuts each connection after the server sent {@code bytes}. */
    void cutAfter(long bytes) {
        cut.set(false);
        cutAfterBytes.set(bytes);
    }

    /** From the next connection on, relays everything: the server is back. */
    void passThrough() {
        cutAfterBytes.set(Long.MAX_VALUE);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                // The limit is taken when the connection opens, so disarming never changes a connection in flight.
                pump(client, server, Long.MAX_VALUE);
                pump(server, client, cutAfterBytes.get());
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, long limit) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            long total = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    int allowed = (int) Math.min(n, limit - total);
                    out.write(buffer, 0, allowed);
                    out.flush();
                    total += allowed;
                    if (total >= limit) {
                        cut.set(true);
                        break;
                    }
                }
            } catch (IOException ignored) {
                // one side closed: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "cutting-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
