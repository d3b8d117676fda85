package org.radpost.datacenter.index;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A patient as one center knows them (patient IDs are only unique within a center). */
@Entity
@Table(name = "patient")
public class Patient {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "center_id")
    private Long centerId;
    @Column(name = "patient_id")
    private String patientId;
    @Column(name = "patient_name")
    private String patientName;

    protected Patient() {}

    public Patient(Long centerId, String patientId, String patientName) {
        this.centerId = centerId;
        this.patientId = patientId;
        this.patientName = patientName;
    }

    public Long id() { return id; }
    public String patientId() { return patientId; }
    public String patientName() { return patientName; }
}
