package org.radpost.wire.read;

import java.nio.file.Path;

/**
 * Reads a generated message of many text parts in its own small-heap JVM for {@link MessageReaderHeapTest};
 * prints {@code READ} or {@code REFUSED <code>}, or dies of {@link OutOfMemoryError}.
 */
public final class LowHeapReaderMain {
    private LowHeapReaderMain() {
    }

    public static void main(String[] args) throws Exception {
        int parts = Integer.parseInt(args[1]);
        int bytesPerPart = Integer.parseInt(args[2]);
        try {
            new MessageReader().read(ManyTextParts.message(parts, bytesPerPart), Path.of(args[0]));
            System.out.println("READ");
        } catch (WireFormatException e) {
            System.out.println("REFUSED " + e.error().code());
        }
    }
}
