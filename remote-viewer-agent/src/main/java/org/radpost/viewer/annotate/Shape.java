package org.radpost.viewer.annotate;

import java.util.List;
import java.util.Locale;

/**
 * One annotation as drawn in the page: an arrow (tail, head), a line (two ends, measured), an ellipse (two
 * corners of its bounding box) or a text (its anchor and the text).
 */
public record Shape(Kind kind, List<Point> points, String text) {
    /** The shapes the page can draw, with how many points each needs. */
    public enum Kind {
        ARROW(2), LINE(2), ELLIPSE(2), TEXT(1);

        final int points;

        Kind(int points) {
            this.points = points;
        }

        public static Kind of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("unknown annotation kind '" + name + "': use arrow, line, ellipse or text");
            }
        }
    }

    public Shape {
        if (kind == null) {
            throw new IllegalArgumentException("an annotation needs a kind: arrow, line, ellipse or text");
        }
        points = points == null ? List.of() : List.copyOf(points);
        text = text == null ? "" : text.strip();
        if (points.size() != kind.points) {
            throw new IllegalArgumentException("a " + kind.name().toLowerCase(Locale.ROOT) + " needs " + kind.points
                    + " point(s), got " + points.size());
        }
        if (kind == Kind.TEXT && text.isEmpty()) {
            throw new IllegalArgumentException("a text annotation needs some text");
        }
        if (text.length() > 1024) {
            throw new IllegalArgumentException("annotation text is limited to 1024 characters");
        }
    }
}
