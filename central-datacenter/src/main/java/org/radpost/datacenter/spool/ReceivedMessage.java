package org.radpost.datacenter.spool;

import org.radpost.wire.StudyUid;
import org.radpost.datacenter.index.UidColumns;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Priority;

/**
 * A message accepted over SMTP and spooled, with every recipient of its envelope. Its {@code state} names the
 * next pipeline stage to run, and {@code nextAttemptAt} when it may run, so the table is also the work queue.
 */
@Entity
@Table(name = "message")
public class ReceivedMessage {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "message_id")
    private String messageId;
    private String sender;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "message_recipient", joinColumns = @JoinColumn(name = "message_ref"))
    @OrderColumn(name = "position")
    @Column(name = "address")
    private List<String> recipients = new ArrayList<>();
    private String account;
    @Enumerated(EnumType.STRING)
    @Column(name = "object_type")
    private ObjectType objectType;
    @Convert(converter = UidColumns.Study.class)
    @Column(name = "study_uid")
    private StudyUid studyUid;
    @Enumerated(EnumType.STRING)
    private Priority priority;
    @Column(name = "part_number")
    private int partNumber;
    @Column(name = "part_count")
    private int partCount;
    @Column(name = "batch_id")
    private String batchId;
    @Column(name = "object_count")
    private int objectCount;
    @Column(name = "spool_path")
    private String spoolPath;
    @Column(name = "size_bytes")
    private long sizeBytes;
    @Convert(converter = MessageState.Column.class)
    private MessageState state;
    private int attempts;
    @Column(name = "last_error")
    private String lastError;
    @Convert(converter = MessageState.Column.class)
    @Column(name = "failed_stage")
    private MessageState failedStage;
    @Column(name = "received_at")
    private Instant receivedAt;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;
    @Column(name = "spool_removed_at")
    private Instant spoolRemovedAt;

    protected ReceivedMessage() {}

    /** What the envelope and the headers said about one accepted message. */
    public record Facts(String messageId, String sender, List<String> recipients, String account, ObjectType objectType,
                        StudyUid studyUid, Priority priority, int partNumber, int partCount, String batchId, int objectCount) {
        public Facts {
            recipients = recipients.stream().map(String::toLowerCase).distinct().toList();
        }
    }

    public ReceivedMessage(Facts facts, String spoolPath, long sizeBytes, MessageState state, Instant now) {
        this.messageId = facts.messageId();
        this.sender = facts.sender();
        this.recipients = new ArrayList<>(facts.recipients());
        this.account = facts.account();
        this.objectType = facts.objectType();
        this.studyUid = facts.studyUid();
        this.priority = facts.priority();
        this.partNumber = facts.partNumber();
        this.partCount = facts.partCount();
        this.batchId = facts.batchId();
        this.objectCount = facts.objectCount();
        this.spoolPath = spoolPath;
        this.sizeBytes = sizeBytes;
        this.state = state;
        this.receivedAt = now;
        this.updatedAt = now;
        this.nextAttemptAt = now;
    }

    public Long id() { return id; }
    public String messageId() { return messageId; }
    public String sender() { return sender; }
    public List<String> recipients() { return List.copyOf(recipients); }
    public String account() { return account; }
    public ObjectType objectType() { return objectType; }
    public StudyUid studyUid() { return studyUid; }
    public Priority priority() { return priority; }
    public int partNumber() { return partNumber; }
    public int partCount() { return partCount; }
    public String spoolPath() { return spoolPath; }
    public long sizeBytes() { return sizeBytes; }
    public MessageState state() { return state; }
    public int attempts() { return attempts; }
    public String lastError() { return lastError; }
    public MessageState failedStage() { return failedStage; }
    public Instant updatedAt() { return updatedAt; }
    public Instant receivedAt() { return receivedAt; }
    public Instant nextAttemptAt() { return nextAttemptAt; }
    public Instant spoolRemovedAt() { return spoolRemovedAt; }

    public void moveTo(MessageState state, Instant now) {
        this.state = state;
        this.updatedAt = now;
        this.nextAttemptAt = now;
    }

    /** Counts a failed attempt and sets when the next one may run. */
    public void failedAttempt(String error, Instant now, Instant nextAttempt) {
        this.attempts++;
        this.lastError = error.length() > 1000 ? error.substring(0, 997) + "..." : error;
        this.updatedAt = now;
        this.nextAttemptAt = nextAttempt;
    }

    /** Stops retrying: the message waits for an operator. */
    public void fail(Instant now) {
        this.failedStage = state;
        this.state = MessageState.FAILED;
        this.updatedAt = now;
    }

    /** An operator's retry: back to the stage that failed, with a fresh count of attempts. */
    public void retry(Instant now) {
        if (state != MessageState.FAILED) {
            throw new IllegalStateException("message " + id + " (" + messageId + ") is " + state.token() + ", not failed");
        }
        this.state = failedStage;
        this.failedStage = null;
        this.attempts = 0;
        moveTo(state, now);
    }

    /** Routing replaced a recipient (an admin released a quarantined destination to a corrected one). */
    public void replaceRecipient(String old, String corrected) {
        int i = recipients.indexOf(old.toLowerCase());
        if (i < 0) {
            recipients.add(corrected.toLowerCase());
        } else {
            recipients.set(i, corrected.toLowerCase());
        }
    }

    public void spoolRemoved(Instant at) { this.spoolRemovedAt = at; }
}
