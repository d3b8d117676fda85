package org.radpost.datacenter.deidentify;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The pseudonym that stands for one center's patient in every de-identified copy. */
@Entity
@Table(name = "deid_patient")
public class PatientPseudonym {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "center_id")
    private long centerId;
    @Column(name = "patient_id")
    private String patientId;
    private String pseudonym;
    @Column(name = "created_at")
    private Instant createdAt;

    protected PatientPseudonym() {}

    PatientPseudonym(long centerId, String patientId, String pseudonym, Instant createdAt) {
        this.centerId = centerId;
        this.patientId = patientId;
        this.pseudonym = pseudonym;
        this.createdAt = createdAt;
    }

    public String pseudonym() { return pseudonym; }
}
