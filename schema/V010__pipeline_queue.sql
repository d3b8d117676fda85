-- The pipeline's queue cannot jam: the time of a message's next attempt sits in its row, so the claim query
-- skips messages in back-off instead of locking them (20 failing messages at the head stopped everything).
-- A message that used up its attempts is 'failed' (terminal until an operator retries it); failed_stage says
-- where it stopped. spool_removed_at marks a message whose spooled files the retention job has removed.
ALTER TABLE message ADD COLUMN next_attempt_at DATETIME(3) NULL;
ALTER TABLE message ADD COLUMN failed_stage VARCHAR(24) NULL;
ALTER TABLE message ADD COLUMN spool_removed_at DATETIME(3) NULL;
UPDATE message SET next_attempt_at = updated_at;
CREATE INDEX ix_message_due ON message (state, next_attempt_at, id);

-- One accepted message fans out to one delivery per recipient: every RCPT TO is kept, not only the first.
CREATE TABLE message_recipient (
    message_ref BIGINT       NOT NULL,
    position    INT          NOT NULL,
    address     VARCHAR(254) NOT NULL,
    CONSTRAINT pk_message_recipient PRIMARY KEY (message_ref, position),
    CONSTRAINT fk_recipient_message FOREIGN KEY (message_ref) REFERENCES message (id)
);
INSERT INTO message_recipient (message_ref, position, address) SELECT id, 0, recipient FROM message;
ALTER TABLE message DROP COLUMN recipient;

-- One spelling per value: object types and priorities are enum names everywhere (they were 'image' in
-- message but 'IMAGE' in instance, 'stat' in receipts' deliveries but 'STAT' elsewhere).
UPDATE message SET object_type = UPPER(REPLACE(object_type, '-', '_'));
UPDATE delivery SET priority = UPPER(priority);
UPDATE study SET priority = UPPER(priority);
