-- S/MIME on every hop (PS3.15 B.8): the directory holds each center's and viewer's S/MIME certificate (PEM).
-- The data center checks that a message's signer is the certificate held for the account that logged in, and
-- encrypts what it delivers to the certificate held for the recipient. NULL: the account does not use S/MIME
-- yet; once set, the data center refuses that account's unsigned or unencrypted messages.

ALTER TABLE center ADD COLUMN smime_certificate VARCHAR(4000) NULL;
ALTER TABLE viewer ADD COLUMN smime_certificate VARCHAR(4000) NULL;
