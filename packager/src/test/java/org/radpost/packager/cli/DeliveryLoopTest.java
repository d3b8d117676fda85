package org.radpost.packager.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.wire.build.MessageWriter;
import org.radpost.packager.outbox.Outbox;
import org.radpost.packager.outbox.OutboxPackager;
import org.radpost.wire.transport.SampleMessages;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.TlsMailServer;

class DeliveryLoopTest {
    @TempDir
    Path dir;

    @Test
    void deliversWhatIsQueuedWhileItRunsAndStopsWhenAsked() throws Exception {
        try (TlsMailServer server = TlsMailServer.smtps()) {
            Outbox outbox = Outbox.open(dir.resolve("outbox"));
            StringWriter log = new StringWriter();
            DeliveryLoop loop = new DeliveryLoop(outbox, new SmtpSubmitter(server.settings()), Duration.ofMillis(100),
                    new PrintWriter(log, true));
            Thread runner = new Thread(loop::run);
            runner.start();

            SampleMessages sample = SampleMessages.write(dir.resolve("study"), 2, MessageWriter.DEFAULT_SIZE_CAP);
            new OutboxPackager(outbox, new MessageWriter(), SampleMessages.ADDRESSING).pack(sample.study());

            await().atMost(Duration.ofSeconds(10)).until(() -> server.greenMail().getReceivedMessages().length == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> outbox.list().isEmpty());
            loop.stop();
            runner.join(5000);
            assertThat(runner.isAlive()).isFalse();
            assertThat(log.toString()).contains("part 1/1").contains("sent: 250");
        }
    }
}
