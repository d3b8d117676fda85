package org.radpost.viewer.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.radpost.viewer.store.OutgoingKind;
import org.radpost.viewer.store.StudyStatus;

/** How the pages write values a radiologist reads: names, dates, times, states (the templates escape them). */
public final class Format {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private Format() {}

    /** A DICOM person name (FAMILY^GIVEN) as people write it: "FAMILY, GIVEN". */
    public static String personName(String dicom) {
        String[] parts = (dicom == null ? "" : dicom).split("\\^");
        if (parts.length >= 2 && !parts[1].isBlank()) {
            return parts[0].trim() + ", " + parts[1].trim();
        }
        return parts.length > 0 ? parts[0].trim() : "";
    }

    public static String date(Optional<LocalDate> date, String whenMissing) {
        return date.map(LocalDate::toString).orElse(whenMissing);
    }

    public static String minute(Instant at) {
        return MINUTE.format(at);
    }

    public static String second(Instant at) {
        return SECOND.format(at);
    }

    public static String status(StudyStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    /** "viewed receipt", "overlay", "report". */
    public static String kind(OutgoingKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** A size as people read it: "512 B", "340 kB", "12.4 MB", "1.2 GB" (decimal units, as disks and lines are sold). */
    public static String bytes(long bytes) {
        if (bytes < 1_000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return Math.round(bytes / 1e3) + " kB";
        }
        if (bytes < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    /** A window value without a needless ".0". */
    public static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
