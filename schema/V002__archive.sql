-- The tape archiver's index: TAR volumes, the objects inside them, retention rules and policies,
-- holds, expiry notices and an audit row for every step. Portable to MariaDB/MySQL and H2 (MODE=MySQL).
-- Centers and studies are referenced by code and UID only (no foreign keys into the data center's tables).
-- DATETIME(3) rather than TIMESTAMP: a lifetime archive outlives 2038, and MariaDB gives TIMESTAMP columns
-- automatic defaults we do not want.

-- One row per (center, modality): the lock every writer of that group takes (SELECT ... FOR UPDATE),
-- so several nodes sharing one archive root never append to the same volume at once.
CREATE TABLE archive_shelf (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    center_code VARCHAR(64) NOT NULL,
    modality    VARCHAR(16) NOT NULL,
    CONSTRAINT uq_archive_shelf UNIQUE (center_code, modality)
);

CREATE TABLE archive_volume (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    center_code   VARCHAR(64)   NOT NULL,
    modality      VARCHAR(16)   NOT NULL,
    path          VARCHAR(1024) NOT NULL,
    state         VARCHAR(16)   NOT NULL,
    size_bytes    BIGINT        NOT NULL,
    object_count  INT           NOT NULL,
    created_at    DATETIME(3)   NOT NULL,
    sealed_at     DATETIME(3)   NULL,
    retired_at    DATETIME(3)   NULL,
    compacted_from BIGINT       NULL
);
CREATE INDEX ix_archive_volume_group ON archive_volume (center_code, modality, state);

CREATE TABLE archive_object (
    id                 BIGINT AUTO_INCREMENT PRIMARY KEY,
    sop_instance_uid   VARCHAR(64)  NOT NULL,
    study_instance_uid VARCHAR(64)  NOT NULL,
    patient_id         VARCHAR(64)  NOT NULL,
    accession_number   VARCHAR(64)  NOT NULL,
    modality           VARCHAR(16)  NOT NULL,
    center_code        VARCHAR(64)  NOT NULL,
    volume_id          BIGINT       NOT NULL,
    entry_name         VARCHAR(512) NOT NULL,
    entry_offset       BIGINT       NOT NULL,
    size_bytes         BIGINT       NOT NULL,
    sha256             CHAR(64)     NOT NULL,
    archived_at        DATETIME(3)  NOT NULL,
    study_date         DATE         NULL,
    expiry_date        DATE         NULL,
    deleted            BOOLEAN      NOT NULL DEFAULT FALSE,
    removal            VARCHAR(16)  NULL,
    deleted_at         DATETIME(3)  NULL,
    CONSTRAINT fk_archive_object_volume FOREIGN KEY (volume_id) REFERENCES archive_volume (id)
);
CREATE INDEX ix_archive_object_sop ON archive_object (sop_instance_uid);
CREATE INDEX ix_archive_object_study ON archive_object (study_instance_uid);
CREATE INDEX ix_archive_object_patient ON archive_object (patient_id, center_code);
CREATE INDEX ix_archive_object_accession ON archive_object (accession_number);
CREATE INDEX ix_archive_object_volume ON archive_object (volume_id, entry_offset);
CREATE INDEX ix_archive_object_expiry ON archive_object (deleted, expiry_date);

-- Mandatory storage period per modality; a row with a center code overrides the modality-wide row.
CREATE TABLE archive_retention_rule (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    modality     VARCHAR(16) NOT NULL,
    center_code  VARCHAR(64) NULL,
    period_years INT         NOT NULL,
    period_days  INT         NOT NULL,
    updated_at   DATETIME(3) NOT NULL,
    updated_by   VARCHAR(128) NOT NULL
);
CREATE INDEX ix_archive_retention_rule ON archive_retention_rule (modality, center_code);

-- What happens at expiry for one center: DELETE_AT_EXPIRY, or NOTIFY_THEN_CONFIRM with a notice lead time.
CREATE TABLE archive_center_policy (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    center_code VARCHAR(64)  NOT NULL,
    policy      VARCHAR(32)  NOT NULL,
    notice_days INT          NOT NULL,
    updated_at  DATETIME(3)  NOT NULL,
    updated_by  VARCHAR(128) NOT NULL,
    CONSTRAINT uq_archive_center_policy UNIQUE (center_code)
);

CREATE TABLE archive_hold (
    id                 BIGINT AUTO_INCREMENT PRIMARY KEY,
    study_instance_uid VARCHAR(64)  NOT NULL,
    reason             VARCHAR(512) NOT NULL,
    held_by            VARCHAR(128) NOT NULL,
    held_at            DATETIME(3)  NOT NULL,
    released_by        VARCHAR(128) NULL,
    released_at        DATETIME(3)  NULL
);
CREATE INDEX ix_archive_hold_study ON archive_hold (study_instance_uid);

-- A study's expiry notice for a notify-then-confirm center: when it was sent, and the center's confirmation.
CREATE TABLE archive_expiry_notice (
    id                 BIGINT AUTO_INCREMENT PRIMARY KEY,
    study_instance_uid VARCHAR(64)  NOT NULL,
    center_code        VARCHAR(64)  NOT NULL,
    expiry_date        DATE         NOT NULL,
    notified_at        DATETIME(3)  NULL,
    notified_by        VARCHAR(128) NULL,
    confirmed_at       DATETIME(3)  NULL,
    confirmed_by       VARCHAR(128) NULL,
    CONSTRAINT uq_archive_expiry_notice UNIQUE (study_instance_uid)
);

CREATE TABLE archive_audit (
    id                 BIGINT AUTO_INCREMENT PRIMARY KEY,
    occurred_at        DATETIME(3)   NOT NULL,
    actor              VARCHAR(128)  NOT NULL,
    action             VARCHAR(32)   NOT NULL,
    center_code        VARCHAR(64)   NULL,
    study_instance_uid VARCHAR(64)   NULL,
    sop_instance_uid   VARCHAR(64)   NULL,
    volume_id          BIGINT        NULL,
    detail             VARCHAR(1024) NOT NULL
);
CREATE INDEX ix_archive_audit_study ON archive_audit (study_instance_uid);
CREATE INDEX ix_archive_audit_time ON archive_audit (occurred_at);
