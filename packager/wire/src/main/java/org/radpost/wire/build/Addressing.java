package org.radpost.wire.build;

import org.radpost.wire.Priority;

/** Who sends a study, to whom, and how urgently. */
public record Addressing(String from, String to, Priority priority) {
    public Addressing {
        requireAddress(from, "sender");
        requireAddress(to, "recipient");
        priority = priority == null ? Priority.ROUTINE : priority;
    }

    private static void requireAddress(String address, String what) {
        if (address == null || !address.matches("[^@\\s<>]+@[^@\\s<>]+")) {
            throw new IllegalArgumentException("the " + what + " address '" + address
                    + "' is not a mail address like viewer1@radpost.example");
        }
    }
}
