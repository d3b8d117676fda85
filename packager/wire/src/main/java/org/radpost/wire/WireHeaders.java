package org.radpost.wire;

/**
 * The names of RadPost's message and part headers (docs/wire-format.md). Values are UIDs, types, counts and
 * checksums only: no patient data ever travels in a header or the Subject.
 */
public final class WireHeaders {
    /** Wire-format version; a reader refuses versions it does not know. */
    public static final String VERSION = "X-RadPost-Version";
    public static final String CURRENT_VERSION = "1";
    /** Object type of the message: image, overlay, report, receipt, resend-request. */
    public static final String OBJECT_TYPE = "X-RadPost-Object-Type";
    public static final String STUDY_UID = "X-RadPost-Study-UID";
    public static final String PRIORITY = "X-RadPost-Priority";
    /** "k/n": this message is part k of the n messages that carry the study's batch. */
    public static final String PART = "X-RadPost-Part";
    /** How many objects the whole batch carries, across all its parts. */
    public static final String OBJECT_COUNT = "X-RadPost-Object-Count";
    /** Identifies one sending of a study; all its parts share it. */
    public static final String BATCH_ID = "X-RadPost-Batch-ID";
    /** One per object in the message: {@code <type>; uid=<uid>[; ref=<image uid>]; sha256=<hex>; size=<bytes>}. */
    public static final String OBJECT = "X-RadPost-Object";
    /** On a prior study the data center restores for comparison: the UID of the new study it accompanies. */
    public static final String PRIOR_FOR = "X-RadPost-Prior-For";
    /** On a receipt or resend request: the status it reports. */
    public static final String RECEIPT_STATUS = "X-RadPost-Receipt-Status";

    // Part headers: each application/dicom part names its object again, so parts can be matched to headers.
    public static final String PART_SOP_INSTANCE_UID = "X-RadPost-SOP-Instance-UID";
    public static final String PART_REFERENCED_SOP_INSTANCE_UID = "X-RadPost-Referenced-SOP-Instance-UID";
    public static final String PART_SHA256 = "X-RadPost-SHA256";

    private WireHeaders() {}
}
