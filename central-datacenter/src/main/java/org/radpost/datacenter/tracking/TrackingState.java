package org.radpost.datacenter.tracking;

/** Every state a study or object passes through at the data center; each change is one status_event row. */
public enum TrackingState {
    RECEIVED,
    VALIDATED,
    INDEXED,
    REJECTED,
    QUARANTINED,
    FIXED,
    ROUTED,
    /** A de-identified copy was made for a viewer whose access level requires it. */
    DEIDENTIFIED,
    /** An object was not sent to a de-identified viewer: its pixels may show the patient's identity. */
    WITHHELD,
    /** An overlay or report from a de-identified viewer was given the real patient and original UIDs again. */
    REIDENTIFIED,
    /** Waiting in the destination's mailbox for pickup over POP3. */
    QUEUED,
    /** The patient's earlier studies from the same center were looked up; those not sent before went to the viewer as priors. */
    PRIORS_CHECKED,
    DELIVERED,
    VIEWED,
    REPORTED,
    ANNOTATED,
    ARCHIVED,
    RESEND_REQUESTED,
    EXPIRED,
    /** A queued stage kept failing until its attempts ran out; the message waits for an operator. */
    FAILED,
    /** An operator sent a failed message back to the stage that failed. */
    RETRIED,
    /** Delivered and archived, and past the keep period: the spooled message and its object files were removed. */
    SPOOL_REMOVED
}
