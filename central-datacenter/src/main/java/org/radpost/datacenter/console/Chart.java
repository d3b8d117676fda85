package org.radpost.datacenter.console;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A chart laid out for an inline SVG (chart.jte draws it): bars for daily counts, lines for daily durations. All
 * geometry is computed here, in SVG user units, so the template only places shapes; no script runs in the page.
 *
 * @param bars empty for a line chart
 * @param lines empty for a bar chart
 */
public record Chart(String id, String title, String yLabel, List<Bar> bars, List<Line> lines, List<Tick> yTicks,
                    List<Tick> xTicks, boolean empty) {
    public static final int WIDTH = 720;
    public static final int HEIGHT = 240;
    public static final int LEFT = 60;
    public static final int RIGHT = 16;
    public static final int TOP = 34;
    public static final int BOTTOM = 42;

    /** One bar; {@code label} is its tooltip, e.g. "2026-11-30: 12 studies". */
    public record Bar(double x, double y, double width, double height, String label) {}

    /** A point of a line; {@code label} is its tooltip. */
    public record Point(double x, double y, String label) {}

    /** One series: its runs of consecutive days with a value (a day without one breaks the line), and its style class. */
    public record Line(String name, String cssClass, List<List<Point>> runs) {
        /** Each run as an SVG points attribute. */
        public List<String> polylines() {
            return runs.stream().map(run -> String.join(" ", run.stream().map(p -> fmt(p.x()) + "," + fmt(p.y())).toList())).toList();
        }

        public List<Point> points() {
            return runs.stream().flatMap(List::stream).toList();
        }
    }

    /** An axis label at position {@code at} (y for the value axis, x for the day axis). */
    public record Tick(double at, String text) {}

    /** One series of a line chart: a value per day, null where there is none. */
    public record Series(String name, String cssClass, List<Double> values) {}

    public static double plotBottom() {
        return HEIGHT - BOTTOM;
    }

    public static double plotRight() {
        return WIDTH - RIGHT;
    }

    /** Daily counts as bars. */
    public static Chart bars(String id, String title, String yLabel, String unit, List<LocalDate> days, List<Long> counts) {
        double largest = counts.stream().mapToLong(Long::longValue).max().orElse(0);
        double step = step(largest, 1);
        double max = axisMax(largest, step);
        double slot = (plotRight() - LEFT) / days.size();
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            double h = counts.get(i) / max * (plotBottom() - TOP);
            bars.add(new Bar(LEFT + i * slot + slot * 0.15, plotBottom() - h, slot * 0.7, h, days.get(i) + ": " + counts.get(i) + " " + unit));
        }
        return new Chart(id, title, yLabel, bars, List.of(), yTicks(max, step), xTicks(days, slot, true),
                counts.stream().allMatch(c -> c == 0));
    }

    /** Daily values (e.g. minutes) as lines, one per series. */
    public static Chart lines(String id, String title, String yLabel, String unit, List<LocalDate> days, List<Series> series) {
        double largest = series.stream().flatMap(s -> s.values().stream()).filter(v -> v != null).mapToDouble(Double::doubleValue)
                .max().orElse(0);
        double step = step(largest, 0.1);
        double max = axisMax(largest, step);
        double dayStep = (plotRight() - LEFT) / Math.max(1, days.size() - 1);
        List<Line> lines = new ArrayList<>();
        for (Series s : series) {
            List<List<Point>> runs = new ArrayList<>();
            List<Point> run = new ArrayList<>();
            for (int i = 0; i < days.size(); i++) {
                Double v = s.values().get(i);
                if (v == null) {
                    if (!run.isEmpty()) {
                        runs.add(run);
                        run = new ArrayList<>();
                    }
                    continue;
                }
                run.add(new Point(LEFT + i * dayStep, plotBottom() - v / max * (plotBottom() - TOP),
                        days.get(i) + " " + s.name() + ": " + number(v) + " " + unit));
            }
            if (!run.isEmpty()) {
                runs.add(run);
            }
            lines.add(new Line(s.name(), s.cssClass(), runs));
        }
        boolean empty = lines.stream().allMatch(l -> l.runs().isEmpty());
        return new Chart(id, title, yLabel, List.of(), lines, yTicks(max, step), xTicks(days, dayStep, false), empty);
    }

    /**
     * The tick step for values up to {@code value}: 1, 2 or 5 times a power of ten, the smallest that needs at most
     * five steps, never below {@code minStep} (1 for counts: no "1.3 studies"). The axis ends at a whole step.
     */
    static double step(double value, double minStep) {
        if (value <= 0) {
            return minStep;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value / 5)));
        for (double f : new double[] {1, 2, 5, 10}) {
            if (f * magnitude >= minStep && value / (f * magnitude) <= 5) {
                return f * magnitude;
            }
        }
        return Math.max(minStep, 10 * magnitude);
    }

    /** The axis maximum: the first whole step at or above the largest value (at least one step). */
    static double axisMax(double value, double step) {
        return Math.max(step, Math.ceil(value / step) * step);
    }

    private static List<Tick> yTicks(double max, double step) {
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i * step <= max + step / 1000; i++) {
            ticks.add(new Tick(plotBottom() - (plotBottom() - TOP) * (i * step) / max, number(i * step)));
        }
        return ticks;
    }

    /** A day label every few days (month-day), so 30 labels do not overlap; bars label the middle of their slot. */
    private static List<Tick> xTicks(List<LocalDate> days, double step, boolean centered) {
        int every = Math.max(1, (int) Math.ceil(days.size() / 8.0));
        List<Tick> ticks = new ArrayList<>();
        for (int i = days.size() - 1; i >= 0; i -= every) {
            ticks.add(new Tick(LEFT + i * step + (centered ? step / 2 : 0), String.format(Locale.ROOT, "%02d-%02d",
                    days.get(i).getMonthValue(), days.get(i).getDayOfMonth())));
        }
        return ticks;
    }

    static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
