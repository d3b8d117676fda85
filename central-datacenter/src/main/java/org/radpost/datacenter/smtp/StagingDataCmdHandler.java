package org.radpost.datacenter.smtp;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.DisconnectHandler;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataCmdHandler;

/**
 * James' DATA command with the message staged to a file ({@link StagedMailEnvelope}); a connection that drops
 * mid-DATA leaves no staging file behind.
 */
final class StagingDataCmdHandler extends DataCmdHandler implements DisconnectHandler<SMTPSession> {
    /** Kept per connection, not per transaction, so cleanup still finds it after James resets the transaction. */
    private static final AttachmentKey<StagedMailEnvelope> STAGED =
            AttachmentKey.of("radpost.stagedEnvelope", StagedMailEnvelope.class);

    private final Path stagingDirectory;

    StagingDataCmdHandler(MetricFactory metrics, Path stagingDirectory) {
        super(metrics);
        this.stagingDirectory = stagingDirectory;
    }

    @Override
    protected Response doDATA(SMTPSession session, String argument) {
        discard(session);
        Response response = super.doDATA(session, argument);
        session.getAttachment(MAILENV, State.Transaction)
                .filter(StagedMailEnvelope.class::isInstance)
                .map(StagedMailEnvelope.class::cast)
                .ifPresent(staged -> session.setAttachment(STAGED, staged, State.Connection));
        return response;
    }

    @Override
    protected MailEnvelope createEnvelope(MaybeSender sender, List<MailAddress> recipients) {
        return new StagedMailEnvelope(stagingDirectory, sender, recipients);
    }

    @Override
    public void onDisconnect(SMTPSession session) {
        discard(session);
    }

    /** Deletes the connection's staging file, if any. */
    static void discard(SMTPSession session) {
        Optional<StagedMailEnvelope> staged = session.removeAttachment(STAGED, State.Connection);
        staged.ifPresent(StagedMailEnvelope::discard);
    }
}
