package org.radpost.datacenter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.exception.ConstraintViolationException;
import org.radpost.datacenter.receipt.Notice;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.metrics.Metrics;
import org.radpost.datacenter.smtp.EdgeRefusal;
import org.radpost.datacenter.smtp.Envelope;
import org.radpost.datacenter.smtp.MessageSink;
import org.radpost.datacenter.smtp.SinkResult;
import org.radpost.datacenter.spool.Arrival;
import org.radpost.datacenter.spool.MessageState;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.spool.Spool;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.datacenter.validate.ValidateStep;
import org.radpost.wire.read.ReadMessage;
import org.radpost.wire.receipt.ReceiptStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the synchronous half of the {@link Pipeline} while the SMTP client waits after DATA: the steps on disk,
 * then one commit holding the rest, the events and notices they reported, and the message's queue row. Only
 * after that commit is the message acknowledged; a refusal is recorded and the sender told why.
 */
public final class Intake implements MessageSink {
    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

    private final SessionFactory sessions;
    private final Pipeline pipeline;
    private final Recorder recorder;
    private final Clock clock;
    private final Metrics metrics;

    public Intake(SessionFactory sessions, Pipeline pipeline, Recorder recorder, Clock clock, Metrics metrics) {
        this.sessions = sessions;
        this.pipeline = pipeline;
        this.recorder = recorder;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** How a message came out: a step's final result, or accepted before under the same Message-ID. */
    private record Taken(StageResult result, boolean duplicate) {}

    /** The SMTP server's end of DATA: the reply is sent only after this returns. Never throws. */
    @Override
    public SinkResult accept(Envelope envelope, InputStream data) {
        Arrival arrival = new Arrival(envelope.account(), envelope.recipients(), data);
        Taken taken;
        try {
            taken = run(arrival, pipeline.intakeFor(envelope.account().kind()));
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot take in a message from {}", arrival.sender(), e);
            taken = new Taken(new StageResult.Retry(e.getMessage()), false);
        } finally {
            arrival.work().ifPresent(Spool::deleteQuietly);
        }
        if (taken.result() instanceof StageResult.Reject r) {
            arrival.spooled().ifPresent(Spool::deleteQuietly);
            recordRejection(arrival, r);
            return SinkResult.Rejected.of(r.reason().smtpCode(), r.reason().enhancedCode(), r.text());
        }
        if (taken.result() instanceof StageResult.Retry r) {
            arrival.spooled().ifPresent(Spool::deleteQuietly);
            if (Spool.isOutOfSpace(r.cause())) return new SinkResult.InsufficientStorage(r.cause());
            return new SinkResult.TemporaryFailure("the data center cannot store the message now (" + r.cause() + "); try again later");
        }
        org.radpost.schema.FaultPoint.reach("row-committed");
        if (!taken.duplicate()) {
            metrics.accepted(arrival.message().objects().size(), arrival.spooled().map(Intake::sizeOf).orElse(-1L));
        }
        return new SinkResult.Accepted(arrival.message().messageId() + (taken.duplicate() ? " (already held)" : ""));
    }

    private Taken run(Arrival arrival, List<IntakeStep> steps) throws IOException {
        List<StageResult.Continue> reported = new ArrayList<>();
        StepTimes times = new StepTimes();
        int i = 0;
        for (; i < steps.size() && steps.get(i) instanceof IntakeStep.OnDisk step; i++) {
            long start = System.nanoTime();
            StageResult result = step.run(arrival);
            times.add(step.name(), start);
            if (!(result instanceof StageResult.Continue c)) {
                return new Taken(result, false);
            }
            reported.add(c);
        }
        if (alreadyAccepted(arrival.message().messageId())) {
            arrival.spooled().ifPresent(Spool::deleteQuietly);
            return new Taken(StageResult.next(), true);
        }
        try {
            Taken taken = new Taken(commit(arrival, steps.subList(i, steps.size()), reported, times), false);
            LOG.info("took in {} in {}", arrival.message().messageId(), times);
            return taken;
        } catch (ConstraintViolationException e) {
            if (alreadyAccepted(arrival.message().messageId())) {
                // Another connection committed the same Message-ID a moment ago: that copy is the one we keep.
                arrival.spooled().ifPresent(Spool::deleteQuietly);
                return new Taken(StageResult.next(), true);
            }
            // Any other constraint (two centers racing for one UID, say): nothing was stored, so never a 250.
            LOG.warn("a message from {} conflicted with a concurrent one ({}); asking the sender to try again",
                    arrival.sender(), e.getConstraintName());
            return new Taken(new StageResult.Retry("a concurrent message conflicted with it"), false);
        } catch (Refused e) {
            return new Taken(e.result, false);
        }
    }

    /** The steps in the transaction, then the queue row and everything the steps reported, in one commit. */
    private StageResult commit(Arrival arrival, List<IntakeStep> steps, List<StageResult.Continue> reported, StepTimes times) {
        long[] commitStart = {System.nanoTime()};
        sessions.inTransaction(session -> {
            List<StageResult.Continue> all = new ArrayList<>(reported);
            for (IntakeStep step : steps) {
                long start = System.nanoTime();
                StageResult result = runInTransaction(session, (IntakeStep.InTransaction) step, arrival);
                times.add(step.name(), start);
                commitStart[0] = System.nanoTime();
                if (!(result instanceof StageResult.Continue c)) {
                    throw new Refused(result);
                }
                all.add(c);
            }
            ReceivedMessage queued = queueRow(arrival);
            session.persist(queued);
            all.forEach(c -> {
                recorder.events(session, queued.studyUid().value(), arrival.sender(), c.events());
                recorder.notices(session, c.notices());
            });
        });
        times.add("commit", commitStart[0]);   // the queue row, events and notices, and the durable commit itself
        return StageResult.next();
    }

    private static StageResult runInTransaction(Session session, IntakeStep.InTransaction step, Arrival arrival) {
        try {
            return step.run(session, arrival);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message as the queue holds it: objects go on to the queued half, receipts were handled here. */
    private ReceivedMessage queueRow(Arrival arrival) {
        ReadMessage m = arrival.message();
        List<String> recipients = arrival.recipients().isEmpty()
                ? m.to().stream().map(ValidateStep::addressOf).filter(a -> !a.isBlank()).toList() : arrival.recipients();
        Path spooled = arrival.spooled().orElseThrow();
        MessageState first = m.type().isDicom() ? pipeline.firstQueued() : MessageState.DONE;
        return new ReceivedMessage(new ReceivedMessage.Facts(m.messageId(), arrival.sender(), recipients, arrival.sender(),
                m.type(), m.studyUid(), m.priority(), m.part().number(), m.part().count(), m.part().batchId(),
                m.objects().size()), spooled.toString(), sizeOf(spooled), first, clock.instant());
    }

    /** A refusal is an event, and a receipt to the sender when the study it concerns can be named. */
    private void recordRejection(Arrival arrival, StageResult.Reject rejected) {
        LOG.info("rejected a message from {}: {}", arrival.sender(), rejected.text());
        metrics.rejected(rejected.reason().code());
        String study = arrival.studyUid().orElse("unknown");
        String messageId = arrival.unpacked() ? arrival.message().messageId() : rejected.messageId();
        try {
            sessions.inTransaction(session -> {
                recorder.event(session, study, arrival.sender(), TrackingState.REJECTED, rejected.text());
                if (arrival.studyUid().isPresent()) {
                    recorder.notices(session, List.of(new Notice(ReceiptStatus.REJECTED, arrival.sender(), study, messageId,
                            rejected.reason().code(), rejected.reason().sentence() + ": " + rejected.detail()
                                    + ". The message was not stored; correct it and send it again.", rejected.objects())));
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("could not record the rejection of a message from {}", arrival.sender(), e);
        }
    }

    /** A message the SMTP edge refused itself (line endings, line length, header values): recorded and answered alike. */
    @Override
    public void refused(Envelope envelope, EdgeRefusal refusal) {
        String sender = Directory.addressOf(envelope.account());
        String text = "[" + refusal.reason().code() + "] " + refusal.reason().sentence() + ": " + refusal.detail();
        LOG.info("refused a message from {} at the SMTP edge: {}", sender, text);
        metrics.rejected(refusal.reason().code());
        sessions.inTransaction(session -> {
            recorder.event(session, refusal.studyUid().orElse("unknown"), sender, TrackingState.REJECTED, text);
            refusal.studyUid().ifPresent(study -> recorder.notices(session, List.of(new Notice(ReceiptStatus.REJECTED, sender,
                    study, refusal.messageId(), refusal.reason().code(), refusal.reason().sentence() + ": " + refusal.detail()
                            + ". The message was not stored; correct it and send it again.", List.of()))));
        });
    }

    private boolean alreadyAccepted(String messageId) {
        return sessions.fromSession(s -> s.createSelectionQuery("select count(*) from ReceivedMessage where messageId = :m", Long.class)
                .setParameter("m", messageId).getSingleResult()) > 0;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * How long each step took for one message, for the log line and the per-step timer: where the sender's wait
     * after DATA goes (a slow disk shows in spool and unpack, a slow database in commit).
     */
    private final class StepTimes {
        private final StringBuilder text = new StringBuilder();
        private long totalNanos;

        void add(String step, long startNanos) {
            long nanos = System.nanoTime() - startNanos;
            totalNanos += nanos;
            metrics.intakeStep(step, java.time.Duration.ofNanos(nanos));
            text.append(text.isEmpty() ? "" : ", ").append(step).append(' ').append(nanos / 1_000_000).append(" ms");
        }

        @Override
        public String toString() {
            return totalNanos / 1_000_000 + " ms (" + text + ")";
        }
    }

    /** Carries a refusal out of the transaction, which it rolls back. */
    private static final class Refused extends RuntimeException {
        private final transient StageResult result;

        Refused(StageResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }
}
