package org.radpost.datacenter.index;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import org.radpost.wire.Priority;

/** A study as the data center tracks it: who sent it, to whom, how much of it has arrived, and its state. */
@Entity
@Table(name = "study")
public class Study {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "study_uid")
    private String studyUid;
    @Column(name = "center_id")
    private Long centerId;
    @Column(name = "patient_ref")
    private Long patientRef;
    @Column(name = "accession_number")
    private String accessionNumber;
    @Column(name = "study_date")
    private LocalDate studyDate;
    private String modality;
    private String description;
    @Enumerated(EnumType.STRING)
    private Priority priority;
    private String destination;
    @Column(name = "expected_objects")
    private int expectedObjects;
    @Column(name = "received_objects")
    private int receivedObjects;
    private String state;
    @Column(name = "first_received_at")
    private Instant firstReceivedAt;
    @Column(name = "last_received_at")
    private Instant lastReceivedAt;
    @Column(name = "resend_requested_at")
    private Instant resendRequestedAt;

    protected Study() {}

    public Study(String studyUid, Long centerId, Long patientRef, String accessionNumber, LocalDate studyDate,
                 String modality, String description, Priority priority, String destination, int expectedObjects, Instant now) {
        this.studyUid = studyUid;
        this.centerId = centerId;
        this.patientRef = patientRef;
        this.accessionNumber = accessionNumber;
        this.studyDate = studyDate;
        this.modality = modality;
        this.description = description.length() > 200 ? description.substring(0, 200) : description;
        this.priority = priority;
        this.destination = destination;
        this.expectedObjects = expectedObjects;
        this.state = "RECEIVING";
        this.firstReceivedAt = now;
        this.lastReceivedAt = now;
    }

    public Long id() { return id; }
    public String studyUid() { return studyUid; }
    public Long centerId() { return centerId; }
    public Long patientRef() { return patientRef; }
    public String accessionNumber() { return accessionNumber; }
    public LocalDate studyDate() { return studyDate; }
    public String modality() { return modality; }
    public Priority priority() { return priority; }
    public String destination() { return destination; }
    public int expectedObjects() { return expectedObjects; }
    public int receivedObjects() { return receivedObjects; }
    public String state() { return state; }
    public Instant lastReceivedAt() { return lastReceivedAt; }
    public Instant resendRequestedAt() { return resendRequestedAt; }
    public boolean complete() { return receivedObjects >= expectedObjects; }

    public void received(int objects, int expected, Instant now) {
        this.receivedObjects += objects;
        this.expectedObjects = Math.max(this.expectedObjects, expected);
        this.lastReceivedAt = now;
    }

    public void state(String state) { this.state = state; }
    public void destination(String destination) { this.destination = destination; }
    public void resendRequested(Instant at) { this.resendRequestedAt = at; }
}
