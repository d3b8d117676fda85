package org.radpost.datacenter.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.apache.james.core.Username;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.smtp.SMTPSession;

/**
 * James' command dispatcher with two policies in front: until TLS is active only EHLO, STARTTLS, NOOP and QUIT
 * are served, everything else (AUTH, MAIL, RCPT, DATA, VRFY...) gets {@code 530 5.7.0}; and {@code AUTH LOGIN}
 * with an initial response that is no base64 of a user name gets {@code 501 5.5.2} (James would build an empty
 * user name from it, which throws, and the client got no reply at all).
 */
final class TlsFirstDispatcher extends CommandDispatcher<SMTPSession> {
    private static final Set<String> BEFORE_TLS = Set.of("EHLO", "STARTTLS", "NOOP", "QUIT");

    @Override
    protected Response dispatchCommandHandlers(SMTPSession session, Request request) {
        if (!session.isTLSStarted() && !BEFORE_TLS.contains(request.getCommand())) {
            return Hooks.response(SmtpReplies.TLS_REQUIRED);
        }
        if ("AUTH".equals(request.getCommand()) && request.getArgument() != null && unreadableLoginUser(request.getArgument())) {
            return Hooks.response(SmtpReplies.AUTH_UNREADABLE);
        }
        return super.dispatchCommandHandlers(session, request);
    }

    private static boolean unreadableLoginUser(String argument) {
        String[] words = argument.trim().split("\\s+", 2);
        if (words.length < 2 || !words[0].equalsIgnoreCase("LOGIN")) {
            return false;
        }
        try {
            // What James does with it: strict base64, then a user name (which throws for empty or malformed ones).
            Username.of(new String(Base64.getDecoder().decode(words[1].trim()), StandardCharsets.UTF_8));
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
