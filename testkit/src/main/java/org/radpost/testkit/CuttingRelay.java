package org.radpost.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP relay on 127.0.0.1 in front of a server (TLS passes through untouched). While armed it cuts both sockets
 * of a connection once one direction has carried a given number of bytes: a server going away in the middle of a
 * download ({@link Direction#FROM_SERVER}) or of an upload ({@link Direction#FROM_CLIENT}). Disarmed, it relays
 * everything. {@link #sever()} is the server host going away (here a database): every open connection is closed
 * and new ones are turned away until {@link #restore()}. {@link #holdNextConnection} pauses one connection's
 * download part-way (a slow link, as a test can see it) until {@link #releaseHold()}.
 */
public final class CuttingRelay implements AutoCloseable {
    /** Which direction's bytes count toward the cut. */
    public enum Direction { FROM_SERVER, FROM_CLIENT }

    private final ServerSocket listener;
    private final int targetPort;
    private final Direction direction;
    private final AtomicLong cutAfterBytes;
    private final AtomicLong clientBytes = new AtomicLong();
    private final AtomicBoolean cut = new AtomicBoolean();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicReference<Hold> nextHold = new AtomicReference<>();
    private final AtomicReference<Hold> hold = new AtomicReference<>();
    private volatile boolean severed;

    /** A relay that passes everything until a test arms or severs it. */
    public CuttingRelay(int targetPort) throws IOException {
        this(targetPort, Long.MAX_VALUE);
    }

    /** A relay that cuts each connection after the server sent {@code cutAfterBytes}. */
    public CuttingRelay(int targetPort, long cutAfterBytes) throws IOException {
        this(targetPort, cutAfterBytes, Direction.FROM_SERVER);
    }

    public CuttingRelay(int targetPort, long cutAfterBytes, Direction direction) throws IOException {
        this.targetPort = targetPort;
        this.direction = direction;
        this.cutAfterBytes = new AtomicLong(cutAfterBytes);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "cutting-relay");
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

    /** Connections relayed to the server so far. */
    public int connections() {
        return connections.get();
    }

    /** Bytes the clients sent through the relay, over all connections. */
    public long relayedClientBytes() {
        return clientBytes.get();
    }

    /** From the next connection on, cuts each connection after {@code bytes} in the counted direction. */
    public void cutAfter(long bytes) {
        cut.set(false);
        cutAfterBytes.set(bytes);
    }

    /** From the next connection on, relays everything: the server is back. */
    public void passThrough() {
        cutAfterBytes.set(Long.MAX_VALUE);
    }

    /**
     * The next connection opened (that one only) stops relaying from the server once it has carried {@code bytes}
     * (to within one 8 KiB read) and waits until {@link #releaseHold()}; later connections are not held. The held
     * connection is never cut, whatever {@link #cutAfter} says.
     */
    public void holdNextConnection(long bytes) {
        Hold next = new Hold(bytes);
        hold.set(next);
        nextHold.set(next);
    }

    /** True while the held connection waits: the server sent its bytes, the client has not seen the rest. */
    public boolean isHolding() {
        Hold current = hold.get();
        return current != null && current.waiting;
    }

    /** Lets the held connection go on. */
    public void releaseHold() {
        Hold current = hold.get();
        if (current != null) {
            current.released.countDown();
        }
    }

    /** Closes every open connection and turns new ones away, as a host going away does. */
    public void sever() {
        refused.set(0);
        severed = true;
        open.forEach(CuttingRelay::closeQuietly);
        open.clear();
    }

    /** Lets connections through again after {@link #sever()}. */
    public void restore() {
        severed = false;
    }

    /** Connections turned away since the last {@link #sever()}. */
    public int refused() {
        return refused.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client = null;
            try {
                client = listener.accept();
                if (severed) {
                    refused.incrementAndGet();
                    closeQuietly(client);
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                connections.incrementAndGet();
                open.add(client);
                open.add(server);
                // The limit is taken when the connection opens, so disarming never changes a connection in flight.
                // A held connection is never cut: a test can hold one session and cut all the others.
                Hold held = nextHold.getAndSet(null);
                long limit = held != null ? Long.MAX_VALUE : cutAfterBytes.get();
                pump(client, server, direction == Direction.FROM_CLIENT ? limit : Long.MAX_VALUE, true, null);
                pump(server, client, direction == Direction.FROM_SERVER ? limit : Long.MAX_VALUE, false, held);
            } catch (IOException e) {
                if (client != null) {
                    closeQuietly(client); // the server is not there: this client sees a closed connection
                }
            }
        }
    }

    private void pump(Socket from, Socket to, long limit, boolean fromClient, Hold held) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            long total = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    if (held != null && total >= held.afterBytes) {
                        held.await();
                    }
                    int allowed = (int) Math.min(n, limit - total);
                    out.write(buffer, 0, allowed);
                    out.flush();
                    total += allowed;
                    if (fromClient) {
                        clientBytes.addAndGet(allowed);
                    }
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
                open.remove(from);
                open.remove(to);
            }
        }, "cutting-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    /** One connection's pause: after how many bytes, and the latch that ends it. */
    private static final class Hold {
        final long afterBytes;
        final CountDownLatch released = new CountDownLatch(1);
        volatile boolean waiting;

        Hold(long afterBytes) {
            this.afterBytes = afterBytes;
        }

        void await() throws IOException {
            waiting = released.getCount() > 0;
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while holding the connection", e);
            } finally {
                waiting = false;
            }
        }
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
        releaseHold();
        sever();
    }
}
