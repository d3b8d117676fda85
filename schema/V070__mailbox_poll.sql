-- When each mailbox (a viewer's studies, a center's receipts) was last polled over POP3: the last successful
-- sign-in, from which address, and the last time the client took messages (deletions committed at QUIT).
-- One row per mailbox, updated in place; a mailbox with no row has never been polled.
CREATE TABLE mailbox_poll (
    mailbox       VARCHAR(254) NOT NULL PRIMARY KEY,
    last_poll_at  DATETIME(3)  NOT NULL,
    peer_address  VARCHAR(64)  NOT NULL,
    poll_count    BIGINT       NOT NULL,
    last_fetch_at DATETIME(3)  NULL
);
