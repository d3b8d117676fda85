-- De-identification for viewers whose access level requires it: the data center's persistent map of original to
-- replacement UIDs and of patients to pseudonyms. PixelMed keeps its UID map in memory; this one survives
-- restarts, is shared by every node, and never leaves the data center. It also maps answers back: overlays and
-- reports that a de-identified viewer returns are re-identified through it.

CREATE TABLE deid_uid (
    original_uid    VARCHAR(64) NOT NULL PRIMARY KEY,
    replacement_uid VARCHAR(64) NOT NULL,
    created_at      DATETIME(3) NOT NULL,
    CONSTRAINT uq_deid_replacement UNIQUE (replacement_uid)
);

CREATE TABLE deid_patient (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    center_id    BIGINT      NOT NULL,
    patient_id   VARCHAR(64) NOT NULL,
    pseudonym    VARCHAR(16) NOT NULL,
    created_at   DATETIME(3) NOT NULL,
    CONSTRAINT uq_deid_patient UNIQUE (center_id, patient_id),
    CONSTRAINT uq_deid_pseudonym UNIQUE (pseudonym),
    CONSTRAINT fk_deid_patient_center FOREIGN KEY (center_id) REFERENCES center (id)
);
