package org.radpost.wire;

import java.util.Locale;

/** How urgently a study must be read; STAT studies are delivered before routine ones. */
public enum Priority {
    STAT,
    ROUTINE;

    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a header or option value; anything but "stat" is routine. */
    public static Priority fromToken(String token) {
        return token != null && token.trim().equalsIgnoreCase("stat") ? STAT : ROUTINE;
    }
}
