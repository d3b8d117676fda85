package org.radpost.datacenter.smtp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import java.io.IOException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLException;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.netty.BasicChannelInboundHandler;
import org.apache.james.protocols.netty.CommandInjectionDetectedException;
import org.apache.james.protocols.netty.LineHandlerAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs James' protocol handler for one connection on a worker pool instead of the Netty I/O thread, so a hook
 * that blocks (password hashing, a database waiting out an outage, fsync at the end of DATA) never delays the
 * other connections sharing that I/O thread. The greeting is sent on the I/O thread at once (it blocks on
 * nothing). Lines run in order, one at a time; when too many wait, the socket stops being read, so TCP flow
 * control slows a fast sender instead of the heap filling up.
 *
 * <p>Network faults that are the peer's doing (a refused certificate, a reset, commands pipelined behind
 * STARTTLS) end the connection with one log line naming the peer, never a stack trace.
 */
final class WorkerPoolHandler extends ChannelInboundHandlerAdapter implements LineHandlerAware {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPoolHandler.class);
    /** Lines waiting before the socket is paused, and the count at which it is read again. */
    static final int PAUSE_AT = 64;
    static final int RESUME_AT = 8;

    private final String protocol;
    private final BasicChannelInboundHandler james;
    private final SerialExecutor tasks;
    private volatile boolean peerFaultLogged;

    WorkerPoolHandler(String protocol, BasicChannelInboundHandler james, Executor pool) {
        this.protocol = protocol;
        this.james = james;
        this.tasks = new SerialExecutor(pool);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        james.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            tasks.execute(() -> {
                if (!ctx.channel().isActive()) {
                    // The peer hung up before this line's turn (QUIT written and the socket closed without reading
                    // the 221): nobody hears the reply, and James' reply to QUIT fails on the closed channel's empty
                    // pipeline ("channelHandler is null", logged with a stack trace). A last DATA line skipped here was
                    // never acknowledged. This narrows the window, it does not close it: a hang-up while James handles
                    // the line still logs it (30 QUIT-and-close clients: 30 such traces before, 2 after).
                    ReferenceCountUtil.release(msg);
                    return;
                }
                try {
                    james.channelRead(ctx, msg);
                } catch (IllegalArgumentException e) {
                    releaseIfHeld(msg);
                    // James' line handlers (AUTH LOGIN's questions) build values from what the client typed and throw
                    // when it is empty or malformed: input the protocol cannot take, so say so and end the connection.
                    LOG.info("{} connection from {} closed: unreadable input ({})", protocol, peer(ctx), e.getMessage());
                    fatalReplyAndClose(ctx);
                } catch (Exception e) {
                    releaseIfHeld(msg);
                    exceptionCaught(ctx, e);
                } finally {
                    // Also ends the pause before a TLS upgrade (StartTlsPause): queued after the TLS handler is added.
                    resumeIfDrained(ctx);
                }
            });
        } catch (RuntimeException e) {
            ReferenceCountUtil.release(msg);
            throw e;
        }
        if (tasks.pending() > PAUSE_AT) {
            ctx.channel().config().setAutoRead(false);
            // The worker may have drained the queue between the count and the pause: check again.
            resumeIfDrained(ctx);
        }
    }

    /** James releases a line when it is handled, but its pushed line handlers skip that when they throw. */
    private static void releaseIfHeld(Object msg) {
        if (msg instanceof ReferenceCounted counted && counted.refCnt() > 0) {
            counted.release();
        }
    }

    private void resumeIfDrained(ChannelHandlerContext ctx) {
        if (tasks.pending() <= RESUME_AT && !ctx.channel().config().isAutoRead() && ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // James fires read-complete itself after each line it handles.
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        tasks.execute(() -> {
            try {
                james.channelInactive(ctx);
            } catch (Exception e) {
                LOG.warn("{} connection from {}: clean-up after close failed: {}", protocol, peer(ctx), e.toString());
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String peerFault = peerFault(cause);
        if (peerFault != null) {
            if (!peerFaultLogged) {
                peerFaultLogged = true;
                LOG.info("{} connection from {} closed: {}", protocol, peer(ctx), peerFault);
            }
            if (rootOf(cause) instanceof CommandInjectionDetectedException) {
                // The connection still speaks plain text: say why it ends, in the protocol's words, then close.
                tasks.execute(() -> fatalReplyAndClose(ctx));
            } else {
                ctx.close();
            }
            return;
        }
        tasks.execute(() -> {
            try {
                james.exceptionCaught(ctx, cause);
            } catch (Exception e) {
                LOG.error("{} connection from {}: error handling failed", protocol, peer(ctx), e);
                ctx.close();
            }
        });
    }

    @Override
    public void pushLineHandler(ChannelInboundHandlerAdapter lineHandler) {
        james.pushLineHandler(lineHandler);
    }

    @Override
    public void popLineHandler() {
        james.popLineHandler();
    }

    private static void fatalReplyAndClose(ChannelHandlerContext ctx) {
        ProtocolSession session = (ProtocolSession) ctx.channel().attr(BasicChannelInboundHandler.SESSION_ATTRIBUTE_KEY).get();
        if (session instanceof ProtocolSessionImpl impl && ctx.channel().isActive()) {
            Response reply = session.newFatalErrorResponse();
            if (reply != null) {
                impl.getProtocolTransport().writeResponse(reply, session);
            }
            impl.getProtocolTransport().writeResponse(Response.DISCONNECT, session);
        } else {
            ctx.close();
        }
    }

    private static Throwable rootOf(Throwable cause) {
        return cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    }

    /** A sentence for a fault the peer caused, or null for anything that may be our own bug. */
    private static String peerFault(Throwable cause) {
        Throwable root = rootOf(cause);
        if (root instanceof NotSslRecordException) {
            return "it did not speak TLS";
        }
        if (root instanceof SSLException) {
            return "TLS handshake or record failed (" + root.getMessage() + ")";
        }
        if (root instanceof CommandInjectionDetectedException) {
            return "it sent commands behind STARTTLS/STLS before the TLS handshake (CVE-2011-0411)";
        }
        if (root instanceof IOException) {
            return "network error (" + root.getMessage() + ")";
        }
        return null;
    }

    private static String peer(ChannelHandlerContext ctx) {
        return String.valueOf(ctx.channel().remoteAddress()).replaceFirst("^/", "");
    }
}
