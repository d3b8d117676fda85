package org.radpost.packager.cli;

import java.io.IOException;
import java.time.Clock;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.packager.outbox.Outbox;
import org.radpost.packager.outbox.OutboxPackager;
import org.radpost.wire.transport.SmtpSubmitter;

/** The parts a command needs, built from the settings, each failing with a sentence that names the setting. */
final class PackagerContext {
    private final PackagerSettings settings;
    private Outbox outbox;

    PackagerContext(PackagerSettings settings) {
        this.settings = settings;
    }

    PackagerSettings settings() {
        return settings;
    }

    Outbox outbox() throws IOException {
        if (outbox == null) {
            outbox = Outbox.open(settings.outbox(), Clock.systemUTC(), settings.retryPolicy(), settings.connections());
        }
        return outbox;
    }

    SmtpSubmitter submitter() {
        try {
            return new SmtpSubmitter(settings.smtp());
        } catch (IOException e) {
            throw new SettingsException(e.getMessage() + " (check smtp.truststore and smtp.truststore.password)", e);
        }
    }

    OutboxPackager packager(String to) throws IOException {
        Addressing addressing;
        try {
            addressing = new Addressing(settings.from(), to, settings.priority());
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage(), e);
        }
        return new OutboxPackager(outbox(), new MessageWriter(settings.sizeCap()), addressing,
                settings.smime().orElse(null));
    }
}
