package org.radpost.datacenter.smtp;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.radpost.datacenter.directory.Account;

/** Conversions between our replies and James Protocols' hook results, and the session keys our hooks share. */
final class Hooks {
    /** The account that authenticated on this connection. */
    static final AttachmentKey<Account> ACCOUNT = AttachmentKey.of("radpost.account", Account.class);

    private Hooks() {
    }

    static HookResult deny(SmtpReply reply) {
        return result(reply, reply.code() >= 500 ? HookReturnCode.deny() : HookReturnCode.denySoft());
    }

    static HookResult ok(SmtpReply reply) {
        return result(reply, HookReturnCode.ok());
    }

    static HookResult disconnect(SmtpReply reply) {
        return result(reply, new HookReturnCode(HookReturnCode.Action.DENYSOFT, HookReturnCode.ConnectionStatus.DISCONNECTED));
    }

    static Response response(SmtpReply reply) {
        return new SMTPResponse(Integer.toString(reply.code()), reply.description());
    }

    static Response closingResponse(SmtpReply reply) {
        SMTPResponse response = new SMTPResponse(Integer.toString(reply.code()), reply.description());
        response.setEndSession(true);
        return response;
    }

    private static HookResult result(SmtpReply reply, HookReturnCode code) {
        return HookResult.builder().hookReturnCode(code)
                .smtpReturnCode(Integer.toString(reply.code()))
                .smtpDescription(reply.description())
                .build();
    }
}
