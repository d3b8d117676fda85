-- Spool retention removes a sent message's .eml after the keep period; the row stays as the record of what was sent.
ALTER TABLE outbox ADD COLUMN eml_removed_at TIMESTAMP(3);
