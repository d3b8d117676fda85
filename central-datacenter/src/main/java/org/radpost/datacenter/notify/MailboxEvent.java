package org.radpost.datacenter.notify;

/** What one mailbox event says: how many messages wait and whether a STAT one is among them. Counts only. */
public record MailboxEvent(int waiting, boolean stat) {
    /** The event's data line, e.g. {@code {"waiting":3,"stat":true}}. */
    public String json() {
        return "{\"waiting\":" + waiting + ",\"stat\":" + stat + "}";
    }
}
