-- Real-world objects carry UIDs longer than the 64 characters PS3.5 allows (a 65-character Frame of Reference UID
-- made the de-identify stage fail until the message was FAILED). The map keeps any such original; its replacement,
-- generated here, is always a valid 2.25 UID of at most 64 characters.
ALTER TABLE deid_uid MODIFY original_uid VARCHAR(255) NOT NULL;
