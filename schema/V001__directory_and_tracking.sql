-- The data center's directory (centers, viewers, who may send to whom) and its tracking of every message,
-- object, delivery and receipt. status_event is the audit trail: one row per state change, with its actor.
-- Portable to MariaDB/MySQL and H2 (MODE=MySQL). DATETIME(3): no implicit defaults, no 2038 limit.

CREATE TABLE center (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    code          VARCHAR(64)  NOT NULL,
    name          VARCHAR(200) NOT NULL,
    address       VARCHAR(254) NOT NULL,
    password_hash VARCHAR(200) NOT NULL,
    active        BOOLEAN      NOT NULL,
    created_at    DATETIME(3)  NOT NULL,
    CONSTRAINT uq_center_code UNIQUE (code),
    CONSTRAINT uq_center_address UNIQUE (address)
);

CREATE TABLE viewer (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    code          VARCHAR(64)  NOT NULL,
    name          VARCHAR(200) NOT NULL,
    address       VARCHAR(254) NOT NULL,
    password_hash VARCHAR(200) NOT NULL,
    -- FULL sees patient data; DEIDENTIFIED gets de-identified copies (the transform step between route and deliver).
    access_level  VARCHAR(16)  NOT NULL,
    active        BOOLEAN      NOT NULL,
    created_at    DATETIME(3)  NOT NULL,
    CONSTRAINT uq_viewer_code UNIQUE (code),
    CONSTRAINT uq_viewer_address UNIQUE (address)
);

-- A center may send to a viewer; modality NULL means every modality.
CREATE TABLE route_authorization (
    id         BIGINT AUTO_INCREMENT PRIMARY KEY,
    center_id  BIGINT      NOT NULL,
    viewer_id  BIGINT      NOT NULL,
    modality   VARCHAR(16) NULL,
    created_at DATETIME(3) NOT NULL,
    CONSTRAINT fk_auth_center FOREIGN KEY (center_id) REFERENCES center (id),
    CONSTRAINT fk_auth_viewer FOREIGN KEY (viewer_id) REFERENCES viewer (id)
);
CREATE INDEX ix_auth_pair ON route_authorization (center_id, viewer_id);

CREATE TABLE patient (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    center_id    BIGINT       NOT NULL,
    patient_id   VARCHAR(64)  NOT NULL,
    patient_name VARCHAR(324) NOT NULL,
    CONSTRAINT uq_patient UNIQUE (center_id, patient_id),
    CONSTRAINT fk_patient_center FOREIGN KEY (center_id) REFERENCES center (id)
);

CREATE TABLE study (
    id                BIGINT AUTO_INCREMENT PRIMARY KEY,
    study_uid         VARCHAR(64)  NOT NULL,
    center_id         BIGINT       NOT NULL,
    patient_ref       BIGINT       NOT NULL,
    accession_number  VARCHAR(64)  NOT NULL,
    study_date        DATE         NULL,
    modality          VARCHAR(16)  NOT NULL,
    description       VARCHAR(200) NOT NULL,
    priority          VARCHAR(16)  NOT NULL,
    destination       VARCHAR(254) NOT NULL,
    expected_objects  INT          NOT NULL,
    received_objects  INT          NOT NULL,
    state             VARCHAR(24)  NOT NULL,
    first_received_at DATETIME(3)  NOT NULL,
    last_received_at  DATETIME(3)  NOT NULL,
    resend_requested_at DATETIME(3) NULL,
    CONSTRAINT uq_study_uid UNIQUE (study_uid),
    CONSTRAINT fk_study_center FOREIGN KEY (center_id) REFERENCES center (id),
    CONSTRAINT fk_study_patient FOREIGN KEY (patient_ref) REFERENCES patient (id)
);
CREATE INDEX ix_study_accession ON study (accession_number);
CREATE INDEX ix_study_state ON study (state);

CREATE TABLE series (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    series_uid  VARCHAR(64)  NOT NULL,
    study_id    BIGINT       NOT NULL,
    modality    VARCHAR(16)  NOT NULL,
    number      VARCHAR(16)  NOT NULL,
    description VARCHAR(200) NOT NULL,
    CONSTRAINT uq_series_uid UNIQUE (series_uid),
    CONSTRAINT fk_series_study FOREIGN KEY (study_id) REFERENCES study (id)
);

-- Every DICOM object: images, overlays (referenced_uid = the annotated image) and reports.
CREATE TABLE instance (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    sop_instance_uid VARCHAR(64)   NOT NULL,
    series_id        BIGINT        NOT NULL,
    study_id         BIGINT        NOT NULL,
    object_type      VARCHAR(16)   NOT NULL,
    sop_class_uid    VARCHAR(64)   NOT NULL,
    referenced_uid   VARCHAR(64)   NULL,
    sha256           CHAR(64)      NOT NULL,
    size_bytes       BIGINT        NOT NULL,
    file_path        VARCHAR(1024) NOT NULL,
    message_id       VARCHAR(250)  NOT NULL,
    received_at      DATETIME(3)   NOT NULL,
    archived_at      DATETIME(3)   NULL,
    CONSTRAINT uq_instance_uid UNIQUE (sop_instance_uid),
    CONSTRAINT fk_instance_series FOREIGN KEY (series_id) REFERENCES series (id),
    CONSTRAINT fk_instance_study FOREIGN KEY (study_id) REFERENCES study (id)
);

-- Every message received over SMTP. It is the pipeline's work queue: workers claim rows by state with
-- SELECT ... FOR UPDATE SKIP LOCKED, so several data-center nodes can share one database.
CREATE TABLE message (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    message_id    VARCHAR(250)  NOT NULL,
    sender        VARCHAR(254)  NOT NULL,
    recipient     VARCHAR(254)  NOT NULL,
    account       VARCHAR(254)  NOT NULL,
    object_type   VARCHAR(16)   NOT NULL,
    study_uid     VARCHAR(64)   NOT NULL,
    priority      VARCHAR(16)   NOT NULL,
    part_number   INT           NOT NULL,
    part_count    INT           NOT NULL,
    batch_id      VARCHAR(64)   NOT NULL,
    object_count  INT           NOT NULL,
    spool_path    VARCHAR(1024) NOT NULL,
    size_bytes    BIGINT        NOT NULL,
    state         VARCHAR(24)   NOT NULL,
    attempts      INT           NOT NULL,
    last_error    VARCHAR(1000) NULL,
    received_at   DATETIME(3)   NOT NULL,
    updated_at    DATETIME(3)   NOT NULL,
    CONSTRAINT uq_message_id UNIQUE (message_id)
);
CREATE INDEX ix_message_state ON message (state, id);

-- A message waiting in (or fetched from) a mailbox served over POP3: viewers' studies, centers' receipts,
-- reports and overlays. pop_uid is the UIDL: unique, stable, never reused.
CREATE TABLE delivery (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    pop_uid      VARCHAR(70)   NOT NULL,
    mailbox      VARCHAR(254)  NOT NULL,
    study_uid    VARCHAR(64)   NOT NULL,
    kind         VARCHAR(24)   NOT NULL,
    message_ref  BIGINT        NULL,
    file_path    VARCHAR(1024) NOT NULL,
    size_bytes   BIGINT        NOT NULL,
    priority     VARCHAR(16)   NOT NULL,
    state        VARCHAR(16)   NOT NULL,
    created_at   DATETIME(3)   NOT NULL,
    delivered_at DATETIME(3)   NULL,
    CONSTRAINT uq_delivery_uid UNIQUE (pop_uid)
);
CREATE INDEX ix_delivery_mailbox ON delivery (mailbox, state);

-- A valid study that could not be routed (unknown or unauthorized destination) waits here for an admin.
CREATE TABLE quarantine (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    message_ref  BIGINT        NOT NULL,
    study_uid    VARCHAR(64)   NOT NULL,
    destination  VARCHAR(254)  NOT NULL,
    reason_code  VARCHAR(48)   NOT NULL,
    reason       VARCHAR(1000) NOT NULL,
    created_at   DATETIME(3)   NOT NULL,
    released_at  DATETIME(3)   NULL,
    released_to  VARCHAR(254)  NULL,
    released_by  VARCHAR(100)  NULL,
    CONSTRAINT fk_quarantine_message FOREIGN KEY (message_ref) REFERENCES message (id)
);

-- The audit trail: every state change of a study or object, when, by whom, and why.
CREATE TABLE status_event (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    study_uid        VARCHAR(64)   NOT NULL,
    sop_instance_uid VARCHAR(64)   NULL,
    state            VARCHAR(24)   NOT NULL,
    actor            VARCHAR(254)  NOT NULL,
    detail           VARCHAR(1000) NOT NULL,
    at               DATETIME(3)   NOT NULL
);
CREATE INDEX ix_status_study ON status_event (study_uid, at);
