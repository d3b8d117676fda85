package org.radpost.datacenter.smtp;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.StartTlsResponse;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerResultHandler;

/**
 * Stops reading the socket just before the STARTTLS/STLS go-ahead is written. James writes the reply and only
 * then puts the TLS handler in front; on a worker thread (see {@link WorkerPoolHandler}) a quick client's
 * ClientHello could be read in between and land in the line framer. Reading resumes from the same worker once
 * the reply has been handed over, which Netty runs after the TLS handler is in place.
 */
public final class StartTlsPause implements ProtocolHandlerResultHandler<Response, ProtocolSession> {

    @Override
    public Response onResponse(ProtocolSession session, Response response, long executionTime, ProtocolHandler handler) {
        if (response instanceof StartTlsResponse && session instanceof ProtocolSessionImpl impl) {
            impl.getProtocolTransport().setReadable(false);
        }
        return response;
    }
}
