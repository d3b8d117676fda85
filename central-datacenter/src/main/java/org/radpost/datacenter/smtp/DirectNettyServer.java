package org.radpost.datacenter.smtp;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
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
 * James Protocols' Netty server, with one change: the line framer runs on the connection's own I/O thread.
 * James's {@code NettyServer} hands every line to a separate 16-thread pool; Netty then keeps reading the socket
 * while those lines queue up, so a large DATA fills the heap and direct memory faster than the spool writes it
 * (a 2 GB message ran a 256 MB data center out of direct memory). On one thread, the next read waits until the
 * line before it is on disk: TCP flow control slows the sender instead. It also leaves no pool behind on stop.
 */
public final class DirectNettyServer extends AbstractAsyncServer {
    private final Protocol protocol;
    private final Encryption secure;
    private final ChannelHandlerFactory frameHandlerFactory;

    /** {@code frameHandlerFactory} null means plain CRLF line framing, as in James's own server. */
    public DirectNettyServer(Protocol protocol, Encryption secure, ChannelHandlerFactory frameHandlerFactory) {
        this.protocol = protocol;
        this.secure = secure;
        this.frameHandlerFactory = frameHandlerFactory != null ? frameHandlerFactory
                : new LineDelimiterBasedChannelHandlerFactory(AbstractChannelPipelineFactory.MAX_LINE_LENGTH);
    }

    /** Starts a listener; {@code what} names the protocol in the error ("SMTP", "POP3"). */
    public static DirectNettyServer listen(String what, Protocol protocol, Encryption secure, ChannelHandlerFactory framing,
                                           String bindAddress, int port, int ioThreads, int idleTimeoutSeconds)
            throws IOException {
        DirectNettyServer server = new DirectNettyServer(protocol, secure, framing);
        server.setListenAddresses(new InetSocketAddress(bindAddress, port));
        server.setIoWorkerCount(ioThreads);
        server.setTimeout(idleTimeoutSeconds);
        try {
            server.bind();
        } catch (Exception e) {
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
    protected ChannelInitializer<SocketChannel> createPipelineFactory() {
        // A null executor group means "the channel's own event loop" to Netty's pipeline.
        return new AbstractSSLAwareChannelPipelineFactory<SocketChannel>(getTimeout(), 0, 0, false, () -> secure,
                frameHandlerFactory, null) {
            @Override
            protected ChannelInboundHandlerAdapter createHandler() {
                return new BasicChannelInboundHandler(new ProtocolMDCContextFactory.Standard(), protocol, secure, false);
            }
        };
    }
}
