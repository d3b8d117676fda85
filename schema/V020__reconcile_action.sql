-- What the data center's start-up reconciliation did with each leftover of a crash (an orphan spool file, object,
-- work folder, mailbox file or staging file): one row per action, so an operator can see what went and why.
CREATE TABLE reconcile_action (
    id         BIGINT AUTO_INCREMENT PRIMARY KEY,
    at         DATETIME(3)   NOT NULL,
    node       VARCHAR(128)  NOT NULL,
    kind       VARCHAR(32)   NOT NULL,
    action     VARCHAR(16)   NOT NULL,
    path       VARCHAR(1024) NOT NULL,
    detail     VARCHAR(1000) NOT NULL
);
CREATE INDEX ix_reconcile_action_at ON reconcile_action (at);
