package org.radpost.wire.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A MimeMessage whose Message-ID we choose: receivers deduplicate by it, so a message re-sent after a
 * lost reply must keep the same one (Jakarta Mail would otherwise make a new one on every save).
 */
public final class FixedIdMimeMessage extends MimeMessage {
    private final String messageId;

    public FixedIdMimeMessage(Session session, String messageId) {
        super(session);
        this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
    }
}
