package org.radpost.packager.outbox;

import org.radpost.testkit.CuttingRelay;

import org.radpost.testkit.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.transport.SampleMessages;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;
import org.radpost.wire.transport.Submitter;
import org.radpost.wire.transport.DyingSmtpsServer;
import org.radpost.wire.transport.TlsMailServer;

class OutboxTest {
    private static final Instant START = Instant.parse("2026-11-20T08:00:00Z");

    @TempDir
    Path dir;
    private TlsMailServer server;
    private MutableClock clock;
    private Outbox outbox;

    @BeforeEach
    void setUp() throws IOException {
        server = TlsMailServer.smtps();
        clock = new MutableClock(START);
        outbox = Outbox.open(dir.resolve("outbox"), clock, new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(4)));
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    @Test
    void aServerKilledDuringAuthLeavesTheMessageQueuedForRetryNotFailed() throws IOException {
        List<OutboxEntry> queued = enqueueStudy(1, 1024 * 1024);
        try (DyingSmtpsServer dying = new DyingSmtpsServer()) {
            SmtpSettings settings = SmtpSettings.of("127.0.0.1", dying.port(), SmtpSettings.Security.SMTPS, TlsMailServer.USER,
                    TlsMailServer.PASSWORD, TlsMailServer.trustStore(), new String(TlsMailServer.STORE_PASSWORD));

            outbox.deliverDue(new SmtpSubmitter(settings));
        }

        OutboxEntry entry = outbox.find(queued.get(0).id()).orElseThrow();
        assertThat(entry.state()).isEqualTo(OutboxState.QUEUED);
        assertThat(entry.attempts()).isEqualTo(1);
        assertThat(entry.lastReason()).get().asString().doesNotContain("535").contains("closed during AUTH");

        clock.advance(Duration.ofMinutes(5));
        assertThat(outbox.deliverDue(new SmtpSubmitter(server.settings())).sentCount()).as("the restarted server takes it").isEqualTo(1);
    }

    @Test
    void deliversEveryPartAndRemovesEachOnlyAfterTheServersReply() throws IOException {
        List<OutboxEntry> queued = enqueueStudy(5, 300 * 1024);
        assertThat(queued).hasSizeGreaterThan(1).allSatisfy(e -> assertThat(e.state()).isEqualTo(OutboxState.QUEUED));
        assertThat(queued.get(0).part()).isEqualTo("1/" + queued.size());
        assertThat(queued.get(0).studyUid()).isNotBlank();
        assertThat(queued.get(0).messageId()).startsWith("<").endsWith(">");

        DeliveryReport report = outbox.deliverDue(new SmtpSubmitter(server.settings()));

        assertThat(report.sentCount()).isEqualTo(queued.size());
        assertThat(outbox.list()).isEmpty();
        assertThat(emlFilesIn(outbox.folder())).isEmpty();
        assertThat(server.greenMail().getReceivedMessages()).hasSameSizeAs(queued);
    }

    @Test
    void severalSessionsSendAtOnceAndEachPartGoesOnce() throws Exception {
        Outbox parallel = Outbox.open(dir.resolve("outbox"), clock, RetryPolicy.DEFAULT, 3);
        List<OutboxEntry> queued = enqueueStudy(6, 300 * 1024);
        assertThat(queued).hasSizeGreaterThan(3);
        SmtpSubmitter real = new SmtpSubmitter(server.settings());
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        Submitter watching = (eml, progress) -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                // The first message goes alone (it finds out whether the server is there); each later one waits, at
                // most 10 s, for another session to be sending beside it.
                if (calls.incrementAndGet() > 1) {
                    long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
                    while (most.get() < 2 && System.nanoTime() < end) {
                        Thread.sleep(10);
                    }
                }
                return real.submit(eml, progress);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        };

        DeliveryReport report = parallel.deliverDue(watching);

        assertThat(most.get()).as("sessions sending at the same time").isGreaterThanOrEqualTo(2);
        assertThat(report.sentCount()).isEqualTo(queued.size());
        assertThat(parallel.list()).isEmpty();
        assertThat(server.greenMail().getReceivedMessages()).extracting(m -> m.getMessageID()).doesNotHaveDuplicates()
                .hasSameSizeAs(queued);
    }

    @Test
    void aRefusedConnectionIsRetriedWithExponentialBackoffUpToTheCap() throws IOException {
        OutboxEntry entry = enqueueStudy(1, MessageWriter.DEFAULT_SIZE_CAP).get(0);
        SmtpSubmitter nowhere = new SmtpSubmitter(settingsFor(closedPort()));

        outbox.deliverDue(nowhere);
        OutboxEntry afterFirst = outbox.find(entry.id()).orElseThrow();
        assertThat(afterFirst.state()).isEqualTo(OutboxState.QUEUED);
        assertThat(afterFirst.attempts()).isEqualTo(1);
        assertThat(afterFirst.nextAttempt()).isEqualTo(START.plusSeconds(30));
        assertThat(afterFirst.lastReason()).hasValueSatisfying(r -> assertThat(r).contains("refused"));

        clock.advance(Duration.ofSeconds(29));
        assertThat(outbox.deliverDue(nowhere).deliveries()).as("not due yet").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        outbox.deliverDue(nowhere);
        assertThat(outbox.find(entry.id()).orElseThrow().nextAttempt()).isEqualTo(clock.instant().plusSeconds(60));
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(5));
            outbox.deliverDue(nowhere);
        }
        OutboxEntry capped = outbox.find(entry.id()).orElseThrow();
        assertThat(capped.attempts()).isEqualTo(6);
        assertThat(capped.nextAttempt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(4)));

        clock.advance(Duration.ofMinutes(4));
        DeliveryReport report = outbox.deliverDue(new SmtpSubmitter(server.settings()));
        assertThat(report.sentCount()).isEqualTo(1);
        assertThat(outbox.list()).isEmpty();
        assertThat(server.greenMail().getReceivedMessages()).hasSize(1);
    }

    @Test
    void aTemporaryRejectionIsRetriedLaterWithTheServersWords() throws IOException {
        OutboxEntry entry = enqueueStudy(1, MessageWriter.DEFAULT_SIZE_CAP).get(0);
        Submitter busy = (eml, progress) -> new SubmitOutcome.TemporaryFailure(451, "server replied 451 4.3.0 spool full");

        outbox.deliverDue(busy);

        OutboxEntry after = outbox.find(entry.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(OutboxState.QUEUED);
        assertThat(after.lastReason()).contains("server replied 451 4.3.0 spool full");
        clock.advance(Duration.ofSeconds(30));
        assertThat(outbox.deliverDue(new SmtpSubmitter(server.settings())).sentCount()).isEqualTo(1);
        assertThat(server.greenMail().getReceivedMessages()).hasSize(1);
    }

    @Test
    void aPermanentRejectionKeepsTheMessageWithTheReasonUntilTheOperatorRetries() throws IOException {
        OutboxEntry entry = enqueueStudy(1, MessageWriter.DEFAULT_SIZE_CAP).get(0);
        SmtpSettings wrongPassword = SmtpSettings.of("127.0.0.1", server.port(), SmtpSettings.Security.SMTPS,
                TlsMailServer.USER, "wrong", TlsMailServer.trustStore(), new String(TlsMailServer.STORE_PASSWORD));

        outbox.deliverDue(new SmtpSubmitter(wrongPassword));

        OutboxEntry failed = outbox.find(entry.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(OutboxState.FAILED);
        assertThat(failed.lastReason()).hasValueSatisfying(r -> assertThat(r).contains("535 5.7.8"));
        assertThat(Files.exists(failed.eml())).isTrue();
        clock.advance(Duration.ofDays(1));
        assertThat(outbox.deliverDue(new SmtpSubmitter(server.settings())).deliveries()).as("never retried alone").isEmpty();

        outbox.retry(entry.id());
        assertThat(outbox.deliverDue(new SmtpSubmitter(server.settings())).sentCount()).isEqualTo(1);
        assertThat(server.greenMail().getReceivedMessages()).hasSize(1);
    }

    @Test
    void aServerThatGoesAwayMidMessageLosesNothingAndGetsItOnce() throws Exception {
        OutboxEntry entry = enqueueStudy(8, MessageWriter.DEFAULT_SIZE_CAP).get(0);
        assertThat(entry.size()).isGreaterThan(1_000_000);
        try (CuttingRelay proxy = new CuttingRelay(server.port(), 300_000, CuttingRelay.Direction.FROM_CLIENT)) {
            DeliveryReport report = outbox.deliverDue(new SmtpSubmitter(settingsFor(proxy.port())));

            assertThat(report.deliveries()).singleElement().satisfies(d ->
                    assertThat(d.outcome()).isInstanceOf(SubmitOutcome.TemporaryFailure.class));
            assertThat(proxy.relayedClientBytes()).as("cut in the middle of DATA").isEqualTo(300_000);
        }
        assertThat(server.greenMail().getReceivedMessages()).isEmpty();
        assertThat(outbox.find(entry.id())).hasValueSatisfying(e -> assertThat(e.state()).isEqualTo(OutboxState.QUEUED));

        clock.advance(Duration.ofSeconds(30));
        assertThat(outbox.deliverDue(new SmtpSubmitter(server.settings())).sentCount()).isEqualTo(1);
        assertThat(server.greenMail().getReceivedMessages()).singleElement()
                .satisfies(m -> assertThat(m.getMessageID()).isEqualTo(entry.messageId()));
    }

    @Test
    void aPackagerKilledWhileSendingFindsTheMessageQueuedAgainOnRestart() throws Exception {
        OutboxEntry entry = enqueueStudy(1, MessageWriter.DEFAULT_SIZE_CAP).get(0);
        Path snapshot = dir.resolve("disk-at-the-instant-of-the-kill");
        AtomicReference<OutboxState> stateOnDisk = new AtomicReference<>();
        Submitter killedMidSend = (eml, progress) -> {
            // What the disk holds while the message is on the wire is all a killed process leaves behind.
            copyFolder(outbox.folder(), snapshot);
            return new SubmitOutcome.TemporaryFailure(0, "the process died here");
        };
        outbox.deliverDue(killedMidSend);

        Outbox restarted = Outbox.open(snapshot, clock, RetryPolicy.DEFAULT);
        assertThat(restarted.find(entry.id())).hasValueSatisfying(e -> stateOnDisk.set(e.state()));
        assertThat(stateOnDisk.get()).isEqualTo(OutboxState.SENDING);

        DeliveryReport report = restarted.deliverDue(new SmtpSubmitter(server.settings()));

        assertThat(report.sentCount()).isEqualTo(1);
        assertThat(restarted.list()).isEmpty();
        assertThat(server.greenMail().getReceivedMessages()).singleElement()
                .satisfies(m -> assertThat(m.getMessageID()).isEqualTo(entry.messageId()));
    }

    @Test
    void aMessageFileWithoutItsStateIsAdoptedAndAStateWithoutItsMessageIsCleaned() throws IOException {
        OutboxEntry entry = enqueueStudy(1, MessageWriter.DEFAULT_SIZE_CAP).get(0);
        Files.delete(outbox.folder().resolve(entry.id() + ".state"));
        Files.writeString(outbox.folder().resolve("already-sent.state"), "state=sending\n");

        assertThat(outbox.deliverDue(new SmtpSubmitter(server.settings())).sentCount()).isEqualTo(1);

        assertThat(outbox.list()).isEmpty();
        try (Stream<Path> files = Files.list(outbox.folder())) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("already-sent.state");
        }
    }

    @Test
    void removeDropsAMessageUnsentAndUnknownIdsSaySo() throws IOException {
        OutboxEntry entry = enqueueStudy(1, MessageWriter.DEFAULT_SIZE_CAP).get(0);

        outbox.remove(entry.id());

        assertThat(outbox.list()).isEmpty();
        assertThat(Files.exists(entry.eml())).isFalse();
        assertThatThrownBy(() -> outbox.retry("no-such-id")).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("no message 'no-such-id'");
    }

    private List<OutboxEntry> enqueueStudy(int images, long sizeCap) throws IOException {
        SampleMessages sample = SampleMessages.write(dir.resolve("study" + System.nanoTime()), images, sizeCap);
        OutboxPackager packager = new OutboxPackager(outbox, new MessageWriter(sizeCap), SampleMessages.ADDRESSING);
        return packager.pack(sample.study());
    }

    private static SmtpSettings settingsFor(int port) {
        return SmtpSettings.of("127.0.0.1", port, SmtpSettings.Security.SMTPS, TlsMailServer.USER, TlsMailServer.PASSWORD,
                TlsMailServer.trustStore(), new String(TlsMailServer.STORE_PASSWORD));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<Path> emlFilesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".eml")).toList();
        }
    }

    private static void copyFolder(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
