-- The data center's web console: its users and roles, the audit of every console or CLI action (who, when, what,
-- before and after), the nodes that run (so a command knows whether a data center will pick up its change),
-- rejected quarantine entries, and viewer groups that authorizations may name instead of one viewer.

CREATE TABLE console_user (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    username      VARCHAR(64)  NOT NULL,
    password_hash VARCHAR(200) NOT NULL,
    -- OPERATOR (tracking, quarantine), MANAGER (and directory, retention, holds), ADMIN (and users)
    role          VARCHAR(16)  NOT NULL,
    active        BOOLEAN      NOT NULL,
    created_at    DATETIME(3)  NOT NULL,
    last_login_at DATETIME(3)  NULL,
    CONSTRAINT uq_console_user UNIQUE (username)
);

CREATE TABLE console_audit (
    id             BIGINT AUTO_INCREMENT PRIMARY KEY,
    at             DATETIME(3)   NOT NULL,
    actor          VARCHAR(100)  NOT NULL,
    action         VARCHAR(64)   NOT NULL,
    target         VARCHAR(254)  NOT NULL,
    before_value   VARCHAR(2000) NULL,
    after_value    VARCHAR(2000) NULL,
    remote_address VARCHAR(64)   NULL
);
CREATE INDEX ix_console_audit_at ON console_audit (at);

-- One row per running data-center node, refreshed every few seconds.
CREATE TABLE datacenter_node (
    name         VARCHAR(128)  NOT NULL PRIMARY KEY,
    console_url  VARCHAR(254)  NOT NULL,
    started_at   DATETIME(3)   NOT NULL,
    heartbeat_at DATETIME(3)   NOT NULL
);

-- RELEASED or REJECTED once an admin decided; the reason the center was told when rejected.
ALTER TABLE quarantine ADD COLUMN resolution VARCHAR(16) NULL;
ALTER TABLE quarantine ADD COLUMN reject_reason VARCHAR(1000) NULL;

-- A viewer may belong to a group (e.g. "neuro-reading"); a center authorized for the group may send to each member.
ALTER TABLE viewer ADD COLUMN viewer_group VARCHAR(64) NULL;
CREATE TABLE group_authorization (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    center_id    BIGINT      NOT NULL,
    viewer_group VARCHAR(64) NOT NULL,
    modality     VARCHAR(16) NULL,
    created_at   DATETIME(3) NOT NULL,
    CONSTRAINT fk_group_auth_center FOREIGN KEY (center_id) REFERENCES center (id)
);
