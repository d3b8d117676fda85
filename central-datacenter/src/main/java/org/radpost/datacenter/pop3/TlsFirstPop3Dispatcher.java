package org.radpost.datacenter.pop3;

import java.util.Set;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.pop3.POP3Response;
import org.apache.james.protocols.pop3.POP3Session;

/** James' POP3 dispatcher with one policy in front: before TLS only CAPA, STLS and QUIT are served. */
final class TlsFirstPop3Dispatcher extends CommandDispatcher<POP3Session> {
    private static final Set<String> BEFORE_TLS = Set.of("CAPA", "STLS", "QUIT");
    private static final Response TLS_REQUIRED =
            new POP3Response(POP3Response.ERR_RESPONSE, "Must issue STLS first: no login without TLS").immutable();

    @Override
    protected Response dispatchCommandHandlers(POP3Session session, Request request) {
        if (!session.isTLSStarted() && !BEFORE_TLS.contains(request.getCommand())) {
            return TLS_REQUIRED;
        }
        return super.dispatchCommandHandlers(session, request);
    }
}
