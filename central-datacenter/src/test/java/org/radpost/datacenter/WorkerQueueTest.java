package org.radpost.datacenter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.cli.DatacenterCli;
import org.radpost.datacenter.receipt.ReceiptMailer;
import org.radpost.datacenter.spool.MessageState;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.spool.Spool;
import org.radpost.datacenter.tracking.Timeline;
import org.radpost.datacenter.tracking.Tracker;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.schema.Database;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.MutableClock;
import org.radpost.testkit.TestDatabases;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Priority;
import picocli.CommandLine;

/** The queue on real MariaDB: failing messages never stop the ones behind them, and end FAILED after bounded attempts. */
class WorkerQueueTest {
    static final int MAX_ATTEMPTS = 5;

    @TempDir
    Path dir;

    // In the past, so the operator's command (which reads the real clock) comes after the worker's attempts.
    MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofDays(3)));
    DatabaseConfig config;
    Database database;
    final AtomicBoolean diskBack = new AtomicBoolean(false);

    @BeforeEach
    void open() {
        config = TestDatabases.freshMariaDb();
        database = Database.open(config, DataCenter.ENTITIES);
    }

    @AfterEach
    void close() {
        database.close();
        TestDatabases.drop(config);
    }

    /** Fails on messages to broken@ (an infrastructure fault: it throws) until the disk is back, passes everything else. */
    final class BrittleStage implements Stage {
        @Override public MessageState state() { return MessageState.ROUTE; }
        @Override public StageResult run(Session session, ReceivedMessage message) throws Exception {
            if (message.recipients().get(0).startsWith("broken@") && !diskBack.get()) {
                throw new java.io.IOException("disk unplugged while routing " + message.messageId());
            }
            if (message.recipients().get(0).startsWith("clash@")) {
                // Longer than the address column: MariaDB refuses it only when the change is flushed at commit.
                message.replaceRecipient("nobody@radpost.test", "x".repeat(300) + "@radpost.test");
            }
            return StageResult.next(TrackingState.ROUTED, "routed");
        }
    }

    Worker worker() throws Exception {
        Recorder recorder = new Recorder(new Tracker(clock), new ReceiptMailer(new Spool(dir), "datacenter@radpost.test", clock), clock);
        return new Worker(database.sessionFactory(), new Pipeline(List.of(new BrittleStage())), recorder, clock, true, MAX_ATTEMPTS);
    }

    long queue(String recipient) {
        ReceivedMessage row = new ReceivedMessage(new ReceivedMessage.Facts("<" + UUID.randomUUID() + "@test>", "center1@radpost.test",
                List.of(recipient), "center1@radpost.test", ObjectType.IMAGE, org.radpost.wire.StudyUid.of("1.2.3.4"), Priority.ROUTINE, 1, 1, "b", 1),
                dir.resolve("x.eml").toString(), 1, MessageState.ROUTE, clock.instant());
        database.sessionFactory().inTransaction(s -> s.persist(row));
        return row.id();
    }

    ReceivedMessage row(long id) {
        return database.sessionFactory().fromSession(s -> s.find(ReceivedMessage.class, id));
    }

    @Test
    void twentyFiveFailingMessagesAtTheHeadDoNotStopTheMessageBehindThem() throws Exception {
        for (int i = 0; i < 25; i++) {
            queue("broken@radpost.test");
        }
        long good = queue("viewer1@radpost.test");
        Worker worker = worker();

        for (int i = 0; i < 100 && worker.runOne(); i++) {
            clock.advance(Duration.ofMillis(10));
        }

        assertThat(row(good).state()).isEqualTo(MessageState.DONE);
    }

    @Test
    void aMessageThatKeepsFailingEndsFailedWithItsReasonAndAnOperatorRetriesIt() throws Exception {
        long broken = queue("broken@radpost.test");
        Worker worker = worker();

        for (int i = 0; i < 40; i++) {
            worker.runOne();
            clock.advance(Duration.ofHours(1));
        }

        ReceivedMessage failed = row(broken);
        assertThat(failed.state()).isEqualTo(MessageState.FAILED);
        assertThat(failed.attempts()).isEqualTo(MAX_ATTEMPTS);
        assertThat(failed.failedStage()).isEqualTo(MessageState.ROUTE);
        assertThat(failed.lastError()).contains("disk unplugged");
        assertThat(worker.runOne()).as("a failed message is not picked up again by itself").isFalse();

        Path properties = Files.writeString(dir.resolve("datacenter.properties"), "datacenter.data-dir=" + dir.resolve("dc")
                + "\ndatacenter.db.url=" + config.jdbcUrl() + "\ndatacenter.db.user=root\n");
        String listed = cli("failed", "--config", properties.toString());
        assertThat(listed).contains("#" + broken, failed.messageId(), "route", "disk unplugged");

        diskBack.set(true);
        assertThat(cli("retry", String.valueOf(broken), "--by", "ops", "--config", properties.toString())).contains("sent back to route");
        clock.set(Instant.now().plusSeconds(60));
        assertThat(worker.runOne()).isTrue();

        assertThat(row(broken).state()).isEqualTo(MessageState.DONE);
        assertThat(new Timeline(database.sessionFactory()).of("1.2.3.4")).extracting(e -> e.state().name() + " " + e.actor())
                .containsSubsequence("FAILED datacenter:route", "RETRIED operator:ops", "ROUTED datacenter:route");
        // Audited as the console's Retry button is: who, what, the reason it had failed with, where it went back to.
        assertThat(new org.radpost.datacenter.console.AuditLog(database.sessionFactory(), clock).latest(10)).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("cli:ops");
            assertThat(e.action()).isEqualTo("retry");
            assertThat(e.before()).contains("failed at route").contains("disk unplugged");
            assertThat(e.after()).isEqualTo("sent back to route");
        });
        assertThat(cli("failed", "--config", properties.toString())).contains("No failed messages.");
    }

    @Test
    void aFailureAtCommitCountsAsAnAttempt() throws Exception {
        long clash = queue("clash@radpost.test");
        Worker worker = worker();

        assertThat(worker.runOne()).isTrue();

        ReceivedMessage after = row(clash);
        assertThat(after.attempts()).isEqualTo(1);
        assertThat(after.lastError()).contains("commit failed");
        assertThat(after.nextAttemptAt()).isAfter(clock.instant());
        assertThat(worker.runOne()).as("in back-off, not retried every 250 ms").isFalse();
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = DatacenterCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute(args);
        assertThat(code).as("exit code of datacenter " + String.join(" ", args) + ": " + out).isZero();
        return out.toString();
    }
}
