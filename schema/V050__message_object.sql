-- Which objects each message carried, whether they were new or already held: a receipt about a message
-- (delivered, quarantined, resend requested) names them all, and a viewer's receipt about objects is matched to
-- the center's messages that carried them. instance.message_id keeps only the first message of each object.
CREATE TABLE message_object (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    message_id       VARCHAR(250) NOT NULL,
    sop_instance_uid VARCHAR(64)  NOT NULL,
    object_type      VARCHAR(16)  NOT NULL,
    CONSTRAINT uq_message_object UNIQUE (message_id, sop_instance_uid)
);
CREATE INDEX ix_message_object_uid ON message_object (sop_instance_uid);
