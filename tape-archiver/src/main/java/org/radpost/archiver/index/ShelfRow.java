package org.radpost.archiver.index;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The lock row of one (center, modality) group: writers of that group's volumes hold it FOR UPDATE. */
@Entity
@Table(name = "archive_shelf")
public class ShelfRow {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "center_code", nullable = false)
    private String centerCode;
    @Column(name = "modality", nullable = false)
    private String modality;

    protected ShelfRow() {}

    public ShelfRow(String centerCode, String modality) {
        this.centerCode = centerCode;
        this.modality = modality;
    }

    public Long id() {
        return id;
    }
}
