package org.radpost.wire;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of object RadPost carries, with their header token and MIME type. */
public enum ObjectType {
    /** A DICOM image (any storage SOP class except the two below); identified by its SOP Instance UID. */
    IMAGE("image", "application/dicom", false),
    /** An annotation (DICOM Grayscale Softcopy Presentation State); its own UID plus the image it annotates. */
    OVERLAY("overlay", "application/dicom", true),
    /** A report (DICOM Structured Report); its own UID plus its study UID. */
    REPORT("report", "application/dicom", false),
    /** A status receipt: accepted, rejected, delivered, viewed, reported, archived (RFC 8098 MDN). */
    RECEIPT("receipt", "multipart/report", false),
    /** A request to the center to send objects again, with the reasons (RFC 8098 MDN). */
    RESEND_REQUEST("resend-request", "multipart/report", false);

    private final String token;
    private final String mimeType;
    private final boolean referencesImage;

    ObjectType(String token, String mimeType, boolean referencesImage) {
        this.token = token;
        this.mimeType = mimeType;
        this.referencesImage = referencesImage;
    }

    /** The value of the X-RadPost-Object-Type header. */
    public String token() {
        return token;
    }

    public String mimeType() {
        return mimeType;
    }

    /** True when the object names the image it belongs to (X-RadPost-Referenced-SOP-Instance-UID). */
    public boolean referencesImage() {
        return referencesImage;
    }

    /** True for objects that carry a DICOM file; false for receipts and resend requests. */
    public boolean isDicom() {
        return "application/dicom".equals(mimeType);
    }

    public static Optional<ObjectType> fromToken(String token) {
        return Arrays.stream(values()).filter(t -> t.token.equalsIgnoreCase(token == null ? "" : token.trim())).findFirst();
    }
}
