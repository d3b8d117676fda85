package org.radpost.wire;

import java.util.regex.Pattern;

/** Checks the DICOM UID syntax (PS3.5 9.1): dot-separated numeric components, at most 64 characters. */
final class Uid {
    private static final Pattern SYNTAX = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

    private Uid() {}

    static String require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is missing");
        }
        String trimmed = value.trim();
        if (trimmed.length() > 64 || !SYNTAX.matcher(trimmed).matches()) {
            throw new IllegalArgumentException(what + " '" + trimmed + "' is not a valid DICOM UID");
        }
        return trimmed;
    }
}
