package org.radpost.archiver.retention;

/** What happens when a center's study reaches its expiry date. */
public enum CenterPolicy {
    /** The study is deleted at expiry without asking. */
    DELETE_AT_EXPIRY,
    /** The center is sent a notice some days before; the study is deleted only after the center confirms. */
    NOTIFY_THEN_CONFIRM
}
