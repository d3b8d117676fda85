package org.radpost.packager.outbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;

/**
 * One of two processes working one outbox at once, as {@code packager send} and a running {@code packager daemon}
 * do: "send" enqueues copies of a message one by one and delivers after each; "daemon" delivers in a loop until a
 * stop file appears. Any exception ends the process with exit code 74, the way the CLI reports I/O errors.
 */
public final class OutboxHammer {
    private OutboxHammer() {}

    /** Arguments: mode (send|daemon), outbox folder, template .eml, count (send) or stop file (daemon), SMTP port, trust store, password. */
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[1]);
        Path template = Path.of(args[2]);
        SmtpSubmitter submitter = new SmtpSubmitter(SmtpSettings.of("127.0.0.1", Integer.parseInt(args[4]), SmtpSettings.Security.SMTPS,
                "center1", "center1-secret", Path.of(args[5]), args[6]));
        try {
            Outbox outbox = Outbox.open(folder);
            if (args[0].equals("send")) {
                int count = Integer.parseInt(args[3]);
                for (int i = 0; i < count; i++) {
                    Path eml = outbox.incoming().resolve(UUID.randomUUID() + ".eml");
                    Files.copy(template, eml);
                    outbox.enqueue(eml);
                    outbox.deliverDue(submitter);
                }
            } else {
                Path stop = Path.of(args[3]);
                while (!Files.exists(stop)) {
                    outbox.deliverDue(submitter);
                }
                outbox.deliverDue(submitter);
            }
        } catch (Exception e) {
            System.err.println("packager: " + e.getMessage());
            System.exit(74);
        }
        System.exit(0);
    }
}
