-- Every refused login at the SMTP and POP3 edge (wrong password, unknown user, the start of a lock-out): the
-- audit trail of password guessing. The user name is what the client typed (never the password).
CREATE TABLE auth_failure (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    protocol     VARCHAR(8)   NOT NULL,
    peer_address VARCHAR(64)  NOT NULL,
    user_name    VARCHAR(254) NOT NULL,
    reason       VARCHAR(32)  NOT NULL,
    at           DATETIME(3)  NOT NULL
);
CREATE INDEX ix_auth_failure_peer ON auth_failure (peer_address, at);
CREATE INDEX ix_auth_failure_user ON auth_failure (user_name, at);
