package org.radpost.wire.read;

/** Where a message sits in its batch: part {@code number} of {@code count}, the batch carrying {@code totalObjects}. */
public record PartInfo(String batchId, int number, int count, int totalObjects) {
    public static final PartInfo SINGLE = new PartInfo("", 1, 1, 0);

    public boolean isLast() {
        return number == count;
    }
}
