package org.radpost.datacenter.smtp;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.james.protocols.api.Protocol;
import org.apache.james.protocols.netty.AbstractAsyncServer;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.AbstractSSLAwareChannelPipelineFactory;
import org.apache.james.protocols.netty.BasicChannelInboundHandler;
import org.apache.james.protocols.netty.ChannelHandlerFactory;
import org.apache.james.protocols.netty.Encryption;
import org.apache.james.protocols.netty.LineDelimiterBasedChannelHandlerFactory;
import org.apache.james.protocols.netty.ProtocolMDCContextFactory;

/**
 * James Protocols' Netty server with the protocol handler on our own worker pool ({@link WorkerPoolHandler}).
 * James's {@code NettyServer} hands every line to a 16-thread executor group, where Netty keeps reading the
 * socket while lines queue up (a 2 GB DATA filled a 256 MB heap), and a connection blocked in a hook holds up
 * every other connection pinned to its executor. Here each connection's lines run in order on any free worker,
 * the socket pauses while too many wait, and the I/O threads only move bytes and send greetings.
 */
public final class DirectNettyServer extends AbstractAsyncServer {
    private final String what;
    private final Protocol protocol;
    private final Encryption secure;
    private final ChannelHandlerFactory frameHandlerFactory;
    private final ThreadPoolExecutor workers;

    /** {@code frameHandlerFactory} null means plain CRLF line framing, as in James's own server. */
    public DirectNettyServer(String what, Protocol protocol, Encryption secure, ChannelHandlerFactory frameHandlerFactory,
                             int workerThreads) {
        this.what = what;
        this.protocol = protocol;
        this.secure = secure;
        this.frameHandlerFactory = frameHandlerFactory != null ? frameHandlerFactory
                : new LineDelimiterBasedChannelHandlerFactory(AbstractChannelPipelineFactory.MAX_LINE_LENGTH);
        AtomicInteger number = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(workerThreads, workerThreads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "radpost-" + what.toLowerCase() + "-worker-" + number.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        workers.allowCoreThreadTimeOut(true);
    }

    /** Starts a listener; {@code what} names the protocol in the error ("SMTP", "POP3"). */
    public static DirectNettyServer listen(String what, Protocol protocol, Encryption secure, ChannelHandlerFactory framing,
                                           String bindAddress, int port, int ioThreads, int workerThreads,
                                           int idleTimeoutSeconds) throws IOException {
        DirectNettyServer server = new DirectNettyServer(what, protocol, secure, framing, workerThreads);
        server.setListenAddresses(new InetSocketAddress(bindAddress, port));
        server.setIoWorkerCount(ioThreads);
        server.setTimeout(idleTimeoutSeconds);
        try {
            server.bind();
        } catch (Exception e) {
            server.workers.shutdownNow();
            throw new IOException(what + " server cannot listen on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
        }
        return server;
    }

    /** The port actually bound (a listener configured with port 0 gets a free one). */
    public static int port(DirectNettyServer server, String what) {
        if (server == null) {
            throw new IllegalStateException(what + " listener is not started");
        }
        return server.getListenAddresses().get(0).getPort();
    }

    @Override
    public synchronized void unbind() {
        super.unbind();
        workers.shutdown();
    }

    @Override
    protected ChannelInitializer<SocketChannel> createPipelineFactory() {
        // A null executor group means "the channel's own event loop": only framing and TLS run there.
        return new AbstractSSLAwareChannelPipelineFactory<SocketChannel>(getTimeout(), 0, 0, false, () -> secure,
                frameHandlerFactory, null) {
            @Override
            protected ChannelInboundHandlerAdapter createHandler() {
                return new WorkerPoolHandler(what, new BasicChannelInboundHandler(new ProtocolMDCContextFactory.Standard(),
                        protocol, secure, false), workers);
            }
        };
    }
}
