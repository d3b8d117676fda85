package org.radpost.viewer.dicom;

import java.time.LocalTime;
import java.util.Optional;

/** Reads a DICOM TM value (HHMMSS.FFFFFF, also HH, HHMM and the old HH:MM:SS form); anything else is no time. */
public final class DicomTime {
    private DicomTime() {}

    public static Optional<LocalTime> parse(String tm) {
        String value = tm == null ? "" : tm.strip().replace(":", "");
        if (!value.matches("\\d{2}(\\d{2}(\\d{2}(\\.\\d{1,6})?)?)?")) {
            return Optional.empty();
        }
        int hour = Integer.parseInt(value.substring(0, 2));
        int minute = value.length() >= 4 ? Integer.parseInt(value.substring(2, 4)) : 0;
        int second = value.length() >= 6 ? Integer.parseInt(value.substring(4, 6)) : 0;
        int nanos = value.length() > 7 ? Integer.parseInt((value.substring(7) + "000000").substring(0, 6)) * 1000 : 0;
        if (hour > 23 || minute > 59 || second > 60) {
            return Optional.empty();
        }
        return Optional.of(LocalTime.of(hour, minute, Math.min(second, 59), nanos));
    }
}
