package org.radpost.datacenter.pop3;

import java.util.Set;
import org.apache.james.core.Username;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.pop3.POP3Response;
import org.apache.james.protocols.pop3.POP3Session;

/**
 * James' POP3 dispatcher with two policies in front: before TLS only CAPA, STLS and QUIT are served; and a
 * message number below 1 (or a negative line count for TOP), or a USER name James cannot build, is refused
 * here, because James throws on them and the client gets no answer (found by fuzzing: {@code LIST 0},
 * {@code RETR -1}, a 300-character USER).
 */
final class TlsFirstPop3Dispatcher extends CommandDispatcher<POP3Session> {
    private static final Set<String> BEFORE_TLS = Set.of("CAPA", "STLS", "QUIT");
    private static final Set<String> NUMBERED = Set.of("RETR", "DELE", "LIST", "UIDL", "TOP");
    private static final Response TLS_REQUIRED =
            new POP3Response(POP3Response.ERR_RESPONSE, "Must issue STLS first: no login without TLS").immutable();
    private static final Response BAD_USER =
            new POP3Response(POP3Response.ERR_RESPONSE, "[AUTH] That is not a user name this server knows how to read").immutable();
    private static final Response BAD_NUMBER =
            new POP3Response(POP3Response.ERR_RESPONSE, "Message numbers start at 1 and line counts at 0").immutable();

    @Override
    protected Response dispatchCommandHandlers(POP3Session session, Request request) {
        if (!session.isTLSStarted() && !BEFORE_TLS.contains(request.getCommand())) {
            return TLS_REQUIRED;
        }
        if (NUMBERED.contains(request.getCommand()) && outOfRange(request.getArgument())) {
            return BAD_NUMBER;
        }
        if ("USER".equals(request.getCommand()) && request.getArgument() != null && !userName(request.getArgument())) {
            return BAD_USER;
        }
        return super.dispatchCommandHandlers(session, request);
    }

    /** What James makes of USER's argument; it throws for empty, over-long (255) or malformed names. */
    private static boolean userName(String argument) {
        try {
            Username.of(argument);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean outOfRange(String argument) {
        if (argument == null) {
            return false;
        }
        String[] words = argument.trim().split("\\s+");
        return below(words[0], 1) || words.length > 1 && below(words[1], 0);
    }

    /** True for a whole number below {@code min}; anything else is James' to answer. */
    private static boolean below(String word, long min) {
        if (!word.matches("[+-]?\\d{1,18}")) {
            return word.matches("-\\d+");
        }
        return Long.parseLong(word) < min;
    }
}
