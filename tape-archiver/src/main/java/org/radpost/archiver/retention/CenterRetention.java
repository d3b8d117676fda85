package org.radpost.archiver.retention;

/** A center's expiry policy and, for notify-then-confirm, how many days before expiry the notice goes out. */
public record CenterRetention(String centerCode, CenterPolicy policy, int noticeDays) {
    public static final int DEFAULT_NOTICE_DAYS = 30;

    public CenterRetention {
        if (noticeDays < 0) {
            throw new IllegalArgumentException("notice lead time for center " + centerCode + " cannot be negative");
        }
    }

    /** The policy of a center nobody configured: delete at expiry. */
    public static CenterRetention defaultFor(String centerCode) {
        return new CenterRetention(centerCode, CenterPolicy.DELETE_AT_EXPIRY, 0);
    }
}
