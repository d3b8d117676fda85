package org.radpost.datacenter.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.radpost.datacenter.tracking.DailyStatistics;

/** Statistics: the last 30 days' volume (bars) and turnaround (median and 90th percentile lines), with the numbers beneath. */
final class StatisticsRoutes {
    static final int DAYS = 30;
    private final ConsoleContext context;

    StatisticsRoutes(ConsoleContext context) {
        this.context = context;
    }

    void register(Javalin app) {
        app.get("/statistics", this::page);
    }

    private void page(Context ctx) {
        ZoneId zone = ZoneId.systemDefault();
        DailyStatistics.Report report = new DailyStatistics(context.sessions(), zone)
                .lastDays(context.clock().instant().atZone(zone).toLocalDate(), DAYS);
        List<LocalDate> days = report.days();
        Map<LocalDate, List<DailyStatistics.Volume>> byDay = report.volume().stream()
                .collect(Collectors.groupingBy(DailyStatistics.Volume::day));
        List<Long> studies = days.stream().map(d -> byDay.getOrDefault(d, List.of()).stream().mapToLong(DailyStatistics.Volume::studies).sum()).toList();
        List<Long> objects = days.stream().map(d -> byDay.getOrDefault(d, List.of()).stream().mapToLong(DailyStatistics.Volume::objects).sum()).toList();
        List<Chart> volumeCharts = List.of(
                Chart.bars("chart-studies", "Studies received per day", "studies", "studies", days, studies),
                Chart.bars("chart-objects", "Objects received per day", "objects", "objects", days, objects));
        List<Chart> turnaroundCharts = new ArrayList<>();
        for (int i = 1; i < DailyStatistics.MILESTONES.size(); i++) {
            String from = DailyStatistics.MILESTONES.get(i - 1).name().toLowerCase();
            String to = DailyStatistics.MILESTONES.get(i).name().toLowerCase();
            turnaroundCharts.add(turnaroundChart(days, from, to, report.turnaround().stream()
                    .filter(t -> t.from().equals(from) && t.to().equals(to)).toList()));
        }
        List<DailyStatistics.Volume> volumeRows = new ArrayList<>(report.volume());
        volumeRows.sort((a, b) -> b.day().compareTo(a.day()));
        List<DailyStatistics.Turnaround> turnaroundRows = new ArrayList<>(report.turnaround());
        turnaroundRows.sort((a, b) -> b.day().compareTo(a.day()));
        ctx.render("statistics.jte", ConsoleServer.model(ctx, "Statistics", Area.STATISTICS, "days", DAYS, "volumeCharts", volumeCharts,
                "turnaroundCharts", turnaroundCharts, "volume", volumeRows, "turnaround", turnaroundRows,
                "totalStudies", studies.stream().mapToLong(Long::longValue).sum(),
                "totalObjects", objects.stream().mapToLong(Long::longValue).sum()));
    }

    /** Median and p90 of one interval per day, in the unit that suits its largest value. */
    private static Chart turnaroundChart(List<LocalDate> days, String from, String to, List<DailyStatistics.Turnaround> rows) {
        Map<LocalDate, DailyStatistics.Turnaround> byDay = rows.stream().collect(Collectors.toMap(DailyStatistics.Turnaround::day,
                Function.identity()));
        long maxMillis = rows.stream().mapToLong(t -> t.p90().toMillis()).max().orElse(0);
        Unit unit = maxMillis >= 2 * 3_600_000L ? new Unit("hours", 3_600_000.0) : maxMillis >= 2 * 60_000L
                ? new Unit("minutes", 60_000.0) : new Unit("seconds", 1000.0);
        List<Double> median = days.stream().map(d -> byDay.containsKey(d) ? unit.of(byDay.get(d).median()) : null).toList();
        List<Double> p90 = days.stream().map(d -> byDay.containsKey(d) ? unit.of(byDay.get(d).p90()) : null).toList();
        return Chart.lines("chart-" + from + "-" + to, capitalized(from) + " → " + to, unit.name(), unit.name(), days,
                List.of(new Chart.Series("median", "median", median), new Chart.Series("90th percentile", "p90", p90)));
    }

    private record Unit(String name, double millis) {
        Double of(Duration d) {
            return Math.round(d.toMillis() / millis * 10) / 10.0;
        }
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
