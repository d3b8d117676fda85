package org.radpost.archiver.index;

/** The archive steps that leave an audit row. */
public enum AuditAction {
    ARCHIVE, REPLACE, SEAL, RECOVER, EXPIRE, NOTIFY, CONFIRM, HOLD, RELEASE, COMPACT, RETIRE, RESTORE, RULE, POLICY
}
