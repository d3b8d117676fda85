package org.radpost.viewer.view;

import java.util.Locale;
import java.util.Optional;

/** A window center and width in the image's output units (Hounsfield units for CT). */
public record WindowLevel(double center, double width) {
    public WindowLevel {
        if (!(width >= 1)) {
            throw new IllegalArgumentException("window width must be at least 1, got " + width);
        }
    }

    /** Reads the page's query parameters; both must be present to override the default. */
    public static Optional<WindowLevel> fromQuery(String center, String width) {
        if (center == null || width == null || center.isBlank() || width.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new WindowLevel(Double.parseDouble(center), Double.parseDouble(width)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("window center and width must be numbers, got '" + center + "' and '" + width + "'");
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "C %.0f / W %.0f", center, width);
    }
}
