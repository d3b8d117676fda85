package org.radpost.datacenter.smtp;

import java.util.List;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.StartTlsResponse;
import org.apache.james.protocols.api.StreamResponse;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerResultHandler;

/**
 * Every SMTP and POP3 reply leaves in printable US-ASCII, one line per line, at most 510 characters each (RFC
 * 5321 section 4.5.3.1.5, RFC 2449): James echoes what a client sent (an EHLO name, an unknown verb), and a
 * control character or a stray CR in that echo would reach the client's terminal or forge a line. Message
 * bodies (RETR, TOP) stream past untouched.
 */
public final class PrintableReplies implements ProtocolHandlerResultHandler<Response, ProtocolSession> {
    static final int MAX_LINE = 510;

    @Override
    public Response onResponse(ProtocolSession session, Response response, long executionTime, ProtocolHandler handler) {
        if (response == null || response instanceof StreamResponse || response instanceof StartTlsResponse
                || response.getLines().stream().allMatch(PrintableReplies::clean)) {
            return response;
        }
        List<CharSequence> lines = response.getLines().stream().map(PrintableReplies::printable).toList();
        return new Response() {
            @Override
            public String getRetCode() {
                return response.getRetCode();
            }

            @Override
            public List<CharSequence> getLines() {
                return lines;
            }

            @Override
            public boolean isEndSession() {
                return response.isEndSession();
            }
        };
    }

    private static boolean clean(CharSequence line) {
        return line.length() <= MAX_LINE && line.chars().allMatch(c -> c >= 0x20 && c <= 0x7E);
    }

    private static CharSequence printable(CharSequence line) {
        String text = line.toString().replaceAll("[^\\x20-\\x7E]", "?");
        return text.length() <= MAX_LINE ? text : text.substring(0, MAX_LINE - 3) + "...";
    }
}
