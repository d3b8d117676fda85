package org.radpost.viewer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of a server that, on its first connection only, cuts both sockets once the server has sent
 * a given number of bytes: a mail server going away in the middle of a download.
 */
public final class DroppingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final long cutAfterBytes;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicBoolean cut = new AtomicBoolean();

    public DroppingProxy(int targetPort, long cutAfterBytes) throws IOException {
        this.targetPort = targetPort;
        this.cutAfterBytes = cutAfterBytes;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "dropping-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** True once a connection was cut. */
    public boolean hasCut() {
        return cut.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                long limit = connections.incrementAndGet() == 1 ? cutAfterBytes : Long.MAX_VALUE;
                pump(client, server, Long.MAX_VALUE);
                pump(server, client, limit);
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
        }, "dropping-proxy-pump");
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
