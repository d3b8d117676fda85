package org.radpost.datacenter.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/** How the console writes times, sizes and states, so every page reads the same. */
public final class Fmt {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final Set<String> GOOD = Set.of("DELIVERED", "VIEWED", "REPORTED", "ARCHIVED", "FIXED", "ROUTED", "QUEUED");
    private static final Set<String> WARN = Set.of("QUARANTINED", "RESEND_REQUESTED", "RECEIVING");
    private static final Set<String> BAD = Set.of("REJECTED", "EXPIRED", "FAILED");

    private Fmt() {}

    public static String time(Instant at) {
        return at == null ? "–" : TIME.format(at);
    }

    /** How long ago, in the largest unit that reads well: "42 s ago", "5 min ago", "3 h ago", "2 days ago". */
    public static String ago(Instant at, Instant now) {
        if (at == null) {
            return "–";
        }
        long s = Math.max(0, java.time.Duration.between(at, now).getSeconds());
        return s < 60 ? s + " s ago" : s < 3600 ? s / 60 + " min ago" : s < 172800 ? s / 3600 + " h ago" : s / 86400 + " days ago";
    }

    public static String bytes(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format("%.1f GB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format("%.1f MB", bytes / (double) (1L << 20));
        }
        return String.format("%.0f kB", bytes / 1024.0);
    }

    /** The badge colour of a state: good (green), warn (amber), bad (red) or info (blue). */
    public static String badge(String state) {
        String s = state == null ? "" : state.toUpperCase();
        return GOOD.contains(s) ? "good" : WARN.contains(s) ? "warn" : BAD.contains(s) ? "bad" : "info";
    }

    /** DICOM person names as people write them: "DOE^JANE" → "DOE, JANE". */
    public static String person(String dicomName) {
        if (dicomName == null || dicomName.isBlank()) {
            return "–";
        }
        String[] parts = dicomName.split("\\^");
        return parts.length == 1 ? parts[0] : parts[0] + ", " + String.join(" ", java.util.Arrays.copyOfRange(parts, 1, parts.length)).trim();
    }

    public static String orDash(String value) {
        return value == null || value.isBlank() ? "–" : value;
    }
}
