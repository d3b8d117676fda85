package org.radpost.datacenter.spool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.SessionFactory;
import org.hibernate.exception.ConstraintViolationException;
import org.radpost.datacenter.directory.Account;
import org.radpost.datacenter.directory.Center;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.index.Indexer;
import org.radpost.datacenter.index.Study;
import org.radpost.datacenter.receipt.ReceiptMailer;
import org.radpost.datacenter.smtp.Envelope;
import org.radpost.datacenter.smtp.MessageSink;
import org.radpost.datacenter.smtp.SinkResult;
import org.radpost.datacenter.tracking.Tracker;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.datacenter.validate.RejectReason;
import org.radpost.wire.read.MessageReader;
import org.radpost.wire.read.ReadMessage;
import org.radpost.wire.read.WireFormatException;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptEntry;
import org.radpost.wire.receipt.ReceiptStatus;

/**
 * The synchronous half of the pipeline, run while the SMTP client waits after DATA:
 * Spool (fsync) → Unpack and Validate (streaming reader, headers against objects) → Index, then one commit.
 * Only after that commit is the message acknowledged; the rest of the pipeline runs from the queue.
 */
public final class Intake implements MessageSink {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Intake.class);

    private final SessionFactory sessions;
    private final Spool spool;
    private final Directory directory;
    private final Indexer indexer;
    private final ReceiptMailer receipts;
    private final Tracker tracker;
    private final Clock clock;
    private final long maxMessageBytes;
    private final MessageReader reader = new MessageReader();

    public Intake(SessionFactory sessions, Spool spool, Directory directory, Indexer indexer, ReceiptMailer receipts,
                  Tracker tracker, Clock clock, long maxMessageBytes) {
        this.sessions = sessions;
        this.spool = spool;
        this.directory = directory;
        this.indexer = indexer;
        this.receipts = receipts;
        this.tracker = tracker;
        this.clock = clock;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The SMTP server's end of DATA: the reply is sent only after this returns. */
    @Override
    public SinkResult accept(Envelope envelope, InputStream message) {
        IntakeResult result = accept(envelope.account(), envelope.mailFrom(), envelope.recipients(), message);
        if (result instanceof IntakeResult.Accepted a) {
            return new SinkResult.Accepted(a.messageId() + (a.duplicate() ? " (already held)" : ""));
        }
        if (result instanceof IntakeResult.StorageFull full) {
            return new SinkResult.InsufficientStorage(full.detail());
        }
        if (result instanceof IntakeResult.Rejected r) {
            return SinkResult.Rejected.of(r.reason().smtpCode(), r.reason().enhancedCode(), r.text());
        }
        return new SinkResult.TemporaryFailure(((IntakeResult.TemporaryFailure) result).detail());
    }

    /** Takes one message from an authenticated account; never throws, never loses an acknowledged message. */
    public IntakeResult accept(Account account, String envelopeSender, List<String> recipients, InputStream data) {
        Path spooled;
        try {
            spooled = spool.write(data, maxMessageBytes);
        } catch (Spool.TooLargeException e) {
            return reject(account, "", null, RejectReason.TOO_LARGE, e.getMessage());
        } catch (IOException e) {
            LOG.error("cannot spool a message from {}", Directory.addressOf(account), e);
            if (Spool.isOutOfSpace(e)) return new IntakeResult.StorageFull(Spool.OUT_OF_SPACE);
            return new IntakeResult.TemporaryFailure("the data center cannot store the message now (" + e.getMessage() + "); try again later");
        }
        Path work = null;
        try {
            work = spool.newWorkFolder();
            ReadMessage message;
            try (InputStream in = Files.newInputStream(spooled)) {
                message = reader.read(in, work);
            } catch (WireFormatException e) {
                Spool.deleteQuietly(spooled);
                return reject(account, "", validUidOrNull(e.studyUidHeader()), RejectReason.of(e.error()), e.detail());
            }
            if (!account.owns(addressOf(message.from()))) {
                Spool.deleteQuietly(spooled);
                return reject(account, message.messageId(), message.studyUid().value(), RejectReason.SENDER_NOT_ACCOUNT,
                        "From is '" + message.from() + "' but the login was " + Directory.addressOf(account));
            }
            if (message.messageId().isBlank()) {
                Spool.deleteQuietly(spooled);
                return reject(account, "", message.studyUid().value(), RejectReason.BAD_HEADERS, "the message has no Message-ID");
            }
            String recipient = recipients.isEmpty() ? addressOf(String.join(",", message.to())) : recipients.get(0);
            return commit(account, message, spooled, recipient.toLowerCase());
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot take in a message from {}", Directory.addressOf(account), e);
            Spool.deleteQuietly(spooled);
            if (Spool.isOutOfSpace(e)) return new IntakeResult.StorageFull(Spool.OUT_OF_SPACE);
            return new IntakeResult.TemporaryFailure("the data center cannot store the message now (" + e.getMessage() + "); try again later");
        } finally {
            if (work != null) {
                Spool.deleteQuietly(work);
            }
        }
    }

    private IntakeResult commit(Account account, ReadMessage message, Path spooled, String recipient) throws IOException {
        if (alreadyAccepted(message.messageId())) {
            Spool.deleteQuietly(spooled);
            return new IntakeResult.Accepted(message.messageId(), true);
        }
        Optional<String> foreign = org.radpost.datacenter.index.Ownership.conflict(sessions, directory, account, message);
        if (foreign.isPresent()) {
            Spool.deleteQuietly(spooled);
            return reject(account, message.messageId(), message.studyUid().value(), RejectReason.UID_OWNED_BY_ANOTHER_CENTER, foreign.get());
        }
        Instant now = clock.instant();
        String actor = Directory.addressOf(account);
        try {
            sessions.inTransaction(session -> {
                String firstStage = firstStage(account, message);
                ReceivedMessage row = new ReceivedMessage(message.messageId(), Directory.addressOf(account), recipient, Directory.addressOf(account),
                        message.type().token(), message.studyUid().value(), message.priority().name(), message.part().number(),
                        message.part().count(), message.part().batchId(), message.objects().size(), spooled.toString(),
                        sizeOf(spooled), firstStage, now);
                session.persist(row);
                String study = message.studyUid().value();
                tracker.study(session, study, TrackingState.RECEIVED, actor, message.type().token() + " message "
                        + message.messageId() + " part " + message.part().number() + "/" + message.part().count()
                        + " with " + message.objects().size() + " object(s)");
                tracker.study(session, study, TrackingState.VALIDATED, actor, message.type().isDicom()
                        ? "headers, checksums and DICOM headers agree" : "receipt fields read");
                try {
                    if (account.kind() == Account.Kind.CENTER && message.type().isDicom()) {
                        Center center = directory.centerByAddress(Directory.addressOf(account)).orElseThrow();
                        Indexer.Indexed indexed = indexer.indexFromCenter(session, center.id(), recipient, message, now);
                        tracker.study(session, study, TrackingState.INDEXED, actor, indexed.newObjects() + " new, "
                                + indexed.replacedObjects() + " replaced; " + indexed.study().receivedObjects() + " of "
                                + indexed.study().expectedObjects() + " objects held");
                        receipts.send(session, ReceiptStatus.ACCEPTED, Directory.addressOf(account), study, message.messageId(), "", "",
                                entries(message));
                    } else if (message.type().isDicom()) {
                        indexer.indexResult(session, message, now).ifPresent(indexed -> recordResult(session, account, message, indexed));
                    } else {
                        recordReceipt(session, account, message);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (ConstraintViolationException e) {
            // Another connection committed the same Message-ID a moment ago: that copy is the one we keep.
            Spool.deleteQuietly(spooled);
            return new IntakeResult.Accepted(message.messageId(), true);
        }
        org.radpost.schema.FaultPoint.reach("row-committed");
        return new IntakeResult.Accepted(message.messageId(), false);
    }

    /** Which queued stage comes first: receipts are fully handled here; objects go on to routing. */
    private static String firstStage(Account account, ReadMessage message) {
        return message.type().isDicom() ? "route" : "done";
    }

    /** A viewer's overlays and reports: the study is annotated or reported, and its center told so. */
    private void recordResult(org.hibernate.Session session, Account account, ReadMessage message, Indexer.Indexed indexed) {
        String study = message.studyUid().value();
        String actor = Directory.addressOf(account);
        boolean report = message.objects().stream().anyMatch(o -> o.type() == org.radpost.wire.ObjectType.REPORT);
        tracker.study(session, study, report ? TrackingState.REPORTED : TrackingState.ANNOTATED, actor,
                message.objects().size() + " " + message.type().token() + "(s) from " + actor);
        if (report) {
            directory.centers().stream().filter(c -> c.id().equals(indexed.study().centerId())).findFirst()
                    .ifPresent(center -> receipts.send(session, ReceiptStatus.REPORTED, center.address(), study,
                            message.messageId(), "", "The study " + study + " was reported by " + actor
                                    + "; the report follows in its own message.", entries(message)));
        }
    }

    /** A viewer's status receipt (viewed): recorded, and passed on to the center that sent the study. */
    private void recordReceipt(org.hibernate.Session session, Account account, ReadMessage message) {
        Receipt receipt = message.receipt().orElseThrow();
        String study = message.studyUid().value();
        TrackingState state = switch (receipt.status()) {
            case VIEWED -> TrackingState.VIEWED;
            case REPORTED -> TrackingState.REPORTED;
            default -> null;
        };
        if (state == null || account.kind() != Account.Kind.VIEWER) {
            tracker.study(session, study, TrackingState.RECEIVED, Directory.addressOf(account), "receipt '" + receipt.status().token()
                    + "' from " + Directory.addressOf(account) + " recorded; nothing to pass on");
            return;
        }
        tracker.study(session, study, state, Directory.addressOf(account), "receipt from the viewer");
        Optional<Study> known = Indexer.studyByUid(session, study);
        known.flatMap(s -> directory.centers().stream().filter(c -> c.id().equals(s.centerId())).findFirst())
                .ifPresent(center -> receipts.send(session, receipt.status(), center.address(), study, message.messageId(), "",
                        "The study " + study + " " + receipt.status().sentence() + " (" + Directory.addressOf(account) + ").",
                        receipt.objects()));
    }

    private IntakeResult reject(Account account, String messageId, String studyUid, RejectReason reason, String detail) {
        IntakeResult.Rejected rejected = new IntakeResult.Rejected(reason, detail);
        LOG.info("rejected a message from {}: {}", Directory.addressOf(account), rejected.text());
        try {
            sessions.inTransaction(session -> {
                String study = studyUid == null || studyUid.isBlank() ? "unknown" : studyUid;
                tracker.study(session, study, TrackingState.REJECTED, Directory.addressOf(account), rejected.text());
                if (!"unknown".equals(study)) {
                    receipts.send(session, ReceiptStatus.REJECTED, Directory.addressOf(account), study, messageId, reason.code(),
                            reason.sentence() + ": " + detail + ". The message was not stored; correct it and send it again.",
                            List.of());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("could not record the rejection of a message from {}", Directory.addressOf(account), e);
        }
        return rejected;
    }

    private boolean alreadyAccepted(String messageId) {
        return sessions.fromSession(s -> s.createSelectionQuery("select count(*) from ReceivedMessage where messageId = :m", Long.class)
                .setParameter("m", messageId).getSingleResult()) > 0;
    }

    private static List<ReceiptEntry> entries(ReadMessage message) {
        return message.objects().stream().map(o -> ReceiptEntry.of(o.type(), o.sopInstanceUid())).toList();
    }

    /** A refused message's study header is used to name the study in the receipt only if it is a valid UID. */
    private static String validUidOrNull(String header) {
        try {
            return org.radpost.wire.StudyUid.of(header).value();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String addressOf(String header) {
        try {
            jakarta.mail.internet.InternetAddress[] parsed = jakarta.mail.internet.InternetAddress.parseHeader(header, false);
            return parsed.length == 0 ? "" : parsed[0].getAddress().toLowerCase();
        } catch (jakarta.mail.internet.AddressException e) {
            return "";
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
