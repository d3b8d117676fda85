package org.radpost.wire.receipt;

/** Field names of the message/disposition-notification part: RFC 8098's own, then RadPost's extensions. */
public final class MdnFields {
    public static final String REPORTING_UA = "Reporting-UA";
    public static final String FINAL_RECIPIENT = "Final-Recipient";
    public static final String ORIGINAL_MESSAGE_ID = "Original-Message-ID";
    public static final String DISPOSITION = "Disposition";
    public static final String STATUS = "RadPost-Status";
    public static final String STUDY_UID = "RadPost-Study-UID";
    public static final String REASON = "RadPost-Reason";
    public static final String AT = "RadPost-At";
    /** One per object: {@code <type>; uid=<uid>[; reason=<code>; text="<sentence>"]}. */
    public static final String OBJECT = "RadPost-Object";

    private MdnFields() {}
}
