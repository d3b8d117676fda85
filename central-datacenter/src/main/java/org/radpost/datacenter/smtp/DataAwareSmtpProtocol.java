package org.radpost.datacenter.smtp;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ProtocolHandlerChain;
import org.apache.james.protocols.smtp.SMTPConfiguration;
import org.apache.james.protocols.smtp.SMTPProtocol;
import org.apache.james.protocols.smtp.SMTPSessionImpl;
import org.apache.james.protocols.smtp.core.DataCmdHandler;

/**
 * James' SMTP protocol whose sessions answer an overlong line differently inside DATA: James replies
 * {@code 500 Line length exceeded} at once, in the middle of the message, drops the line and later accepts
 * the rest (two replies, a damaged message stored). Here the line only marks the transaction, and
 * {@link OverlongLineFilter} refuses the whole message once, at its end.
 */
final class DataAwareSmtpProtocol extends SMTPProtocol {
    /** Set on the transaction when a DATA line passed the framer's limit. */
    static final AttachmentKey<Boolean> OVERLONG_LINE = AttachmentKey.of("radpost.overlongLine", Boolean.class);

    private final SMTPConfiguration configuration;

    DataAwareSmtpProtocol(ProtocolHandlerChain chain, SMTPConfiguration configuration) {
        super(chain, configuration);
        this.configuration = configuration;
    }

    @Override
    public ProtocolSession newSession(ProtocolTransport transport) {
        return new SMTPSessionImpl(transport, configuration) {
            @Override
            public Response newLineTooLongResponse() {
                if (getAttachment(DataCmdHandler.MAILENV, State.Transaction).isPresent()) {
                    setAttachment(OVERLONG_LINE, true, State.Transaction);
                    return null;
                }
                return super.newLineTooLongResponse();
            }
        };
    }
}
