-- The viewer agent's local database (embedded H2): what arrived, what the radiologist did, what goes back.

-- One row per message fetched from the mailbox; Message-ID makes a re-fetch a no-op.
CREATE TABLE arrived_message (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    message_id    VARCHAR(998) NOT NULL,
    sender        VARCHAR(320) NOT NULL,
    object_type   VARCHAR(32)  NOT NULL,
    study_uid     VARCHAR(64),
    priority      VARCHAR(16)  NOT NULL,
    part_number   INT          NOT NULL,
    part_count    INT          NOT NULL,
    total_objects INT          NOT NULL,
    received_at   TIMESTAMP(3) NOT NULL,
    CONSTRAINT uq_arrived_message UNIQUE (message_id)
);

-- A verified object on local disk; the extractor indexes the rows whose extracted_at is empty.
CREATE TABLE stored_file (
    id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
    sop_instance_uid    VARCHAR(64)   NOT NULL,
    object_type         VARCHAR(32)   NOT NULL,
    path                VARCHAR(1024) NOT NULL,
    sha256              CHAR(64)      NOT NULL,
    size_bytes          BIGINT        NOT NULL,
    message_fk          BIGINT        NOT NULL,
    received_at         TIMESTAMP(3)  NOT NULL,
    extracted_at        TIMESTAMP(3),
    extract_error       VARCHAR(1000),
    CONSTRAINT uq_stored_file_sop UNIQUE (sop_instance_uid),
    CONSTRAINT fk_stored_file_message FOREIGN KEY (message_fk) REFERENCES arrived_message (id)
);

CREATE TABLE patient (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    patient_id   VARCHAR(64)  NOT NULL,
    patient_name VARCHAR(320) NOT NULL,
    CONSTRAINT uq_patient UNIQUE (patient_id)
);

CREATE TABLE study (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    patient_fk       BIGINT       NOT NULL,
    study_uid        VARCHAR(64)  NOT NULL,
    accession_number VARCHAR(64)  NOT NULL,
    study_date       DATE,
    description      VARCHAR(320) NOT NULL,
    center           VARCHAR(320) NOT NULL,
    stat             BOOLEAN      NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    expected_objects INT,
    arrived_at       TIMESTAMP(3) NOT NULL,
    opened_at        TIMESTAMP(3),
    reported_at      TIMESTAMP(3),
    CONSTRAINT uq_study UNIQUE (study_uid),
    CONSTRAINT fk_study_patient FOREIGN KEY (patient_fk) REFERENCES patient (id)
);
CREATE INDEX ix_study_worklist ON study (stat, arrived_at);

CREATE TABLE series (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    study_fk      BIGINT       NOT NULL,
    series_uid    VARCHAR(64)  NOT NULL,
    modality      VARCHAR(16)  NOT NULL,
    series_number VARCHAR(16)  NOT NULL,
    description   VARCHAR(320) NOT NULL,
    CONSTRAINT uq_series UNIQUE (series_uid),
    CONSTRAINT fk_series_study FOREIGN KEY (study_fk) REFERENCES study (id)
);

CREATE TABLE image (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    series_fk        BIGINT      NOT NULL,
    file_fk          BIGINT      NOT NULL,
    sop_instance_uid VARCHAR(64) NOT NULL,
    sop_class_uid    VARCHAR(64) NOT NULL,
    transfer_syntax  VARCHAR(64) NOT NULL,
    instance_number  INT         NOT NULL,
    frames           INT         NOT NULL,
    CONSTRAINT uq_image UNIQUE (sop_instance_uid),
    CONSTRAINT fk_image_series FOREIGN KEY (series_fk) REFERENCES series (id),
    CONSTRAINT fk_image_file FOREIGN KEY (file_fk) REFERENCES stored_file (id)
);

-- Reports: written here (origin LOCAL) or received for the same patient (origin RECEIVED).
CREATE TABLE report (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    study_fk         BIGINT        NOT NULL,
    sop_instance_uid VARCHAR(64)   NOT NULL,
    origin           VARCHAR(16)   NOT NULL,
    reader           VARCHAR(320)  NOT NULL,
    findings         CLOB          NOT NULL,
    impression       CLOB          NOT NULL,
    path             VARCHAR(1024) NOT NULL,
    created_at       TIMESTAMP(3)  NOT NULL,
    CONSTRAINT uq_report UNIQUE (sop_instance_uid),
    CONSTRAINT fk_report_study FOREIGN KEY (study_fk) REFERENCES study (id)
);

-- Annotations saved as presentation states; shapes keep what the page drew so it can redraw it.
CREATE TABLE annotation (
    id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
    image_sop_uid       VARCHAR(64)   NOT NULL,
    sop_instance_uid    VARCHAR(64)   NOT NULL,
    origin              VARCHAR(16)   NOT NULL,
    reader              VARCHAR(320)  NOT NULL,
    shapes_json         CLOB          NOT NULL,
    path                VARCHAR(1024) NOT NULL,
    created_at          TIMESTAMP(3)  NOT NULL,
    CONSTRAINT uq_annotation UNIQUE (sop_instance_uid)
);
CREATE INDEX ix_annotation_image ON annotation (image_sop_uid);

-- "Viewed" is sent once per study and reader; the unique key is the guarantee.
CREATE TABLE viewed_receipt (
    id        BIGINT AUTO_INCREMENT PRIMARY KEY,
    study_uid VARCHAR(64)  NOT NULL,
    reader    VARCHAR(320) NOT NULL,
    queued_at TIMESTAMP(3) NOT NULL,
    CONSTRAINT uq_viewed_receipt UNIQUE (study_uid, reader)
);

-- Messages waiting in the outgoing folder for the SMTP submitter.
CREATE TABLE outbox (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    kind        VARCHAR(32)   NOT NULL,
    study_uid   VARCHAR(64)   NOT NULL,
    eml_path    VARCHAR(1024) NOT NULL,
    state       VARCHAR(16)   NOT NULL,
    attempts    INT           NOT NULL,
    last_error  VARCHAR(1000),
    created_at  TIMESTAMP(3)  NOT NULL,
    sent_at     TIMESTAMP(3)
);
CREATE INDEX ix_outbox_state ON outbox (state, id);
