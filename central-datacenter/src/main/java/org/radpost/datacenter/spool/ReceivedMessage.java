package org.radpost.datacenter.spool;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A message accepted over SMTP and spooled. Its {@code state} names the next pipeline stage to run, so the
 * table is also the work queue that workers claim rows from.
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
    private String recipient;
    private String account;
    @Column(name = "object_type")
    private String objectType;
    @Column(name = "study_uid")
    private String studyUid;
    private String priority;
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
    private String state;
    private int attempts;
    @Column(name = "last_error")
    private String lastError;
    @Column(name = "received_at")
    private Instant receivedAt;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected ReceivedMessage() {}

    public ReceivedMessage(String messageId, String sender, String recipient, String account, String objectType,
                           String studyUid, String priority, int partNumber, int partCount, String batchId,
                           int objectCount, String spoolPath, long sizeBytes, String state, Instant now) {
        this.messageId = messageId;
        this.sender = sender;
        this.recipient = recipient;
        this.account = account;
        this.objectType = objectType;
        this.studyUid = studyUid;
        this.priority = priority;
        this.partNumber = partNumber;
        this.partCount = partCount;
        this.batchId = batchId;
        this.objectCount = objectCount;
        this.spoolPath = spoolPath;
        this.sizeBytes = sizeBytes;
        this.state = state;
        this.receivedAt = now;
        this.updatedAt = now;
    }

    public Long id() { return id; }
    public String messageId() { return messageId; }
    public String sender() { return sender; }
    public String recipient() { return recipient; }
    public String account() { return account; }
    public String objectType() { return objectType; }
    public String studyUid() { return studyUid; }
    public String priority() { return priority; }
    public int partNumber() { return partNumber; }
    public int partCount() { return partCount; }
    public String spoolPath() { return spoolPath; }
    public long sizeBytes() { return sizeBytes; }
    public String state() { return state; }
    public int attempts() { return attempts; }
    public String lastError() { return lastError; }
    public Instant updatedAt() { return updatedAt; }
    public Instant receivedAt() { return receivedAt; }

    public void moveTo(String state, Instant now) {
        this.state = state;
        this.updatedAt = now;
    }

    public void failedAttempt(String error, Instant now) {
        this.attempts++;
        this.lastError = error.length() > 1000 ? error.substring(0, 997) + "..." : error;
        this.updatedAt = now;
    }

    public void recipient(String recipient) { this.recipient = recipient; }
}
