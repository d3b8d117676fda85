package org.radpost.datacenter.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart layout: axes people can read (whole steps, whole counts), bars to scale, a missing day breaks a line. */
class ChartTest {
    private static final List<LocalDate> DAYS = LocalDate.of(2026, 11, 1).datesUntil(LocalDate.of(2026, 11, 6)).toList();

    @Test
    void countAxesStepInWholeNumbersAndEndAtAWholeStep() {
        assertThat(Chart.step(5, 1)).isEqualTo(1);
        assertThat(Chart.axisMax(5, 1)).isEqualTo(5);
        assertThat(Chart.step(3, 1)).isEqualTo(1);
        assertThat(Chart.step(139, 1)).isEqualTo(50);
        assertThat(Chart.axisMax(139, 50)).isEqualTo(150);
        assertThat(Chart.step(0, 1)).isEqualTo(1);
        assertThat(Chart.step(4.1, 0.1)).isEqualTo(1);
        assertThat(Chart.step(0.1, 0.1)).isEqualTo(0.1);
    }

    @Test
    void barsAreToScaleAndLabelledWithDayAndCount() {
        Chart chart = Chart.bars("c", "Studies", "studies", "studies", DAYS, List.of(0L, 2L, 4L, 1L, 3L));
        assertThat(chart.bars()).hasSize(5);
        assertThat(chart.bars().get(2).height()).isEqualTo(Chart.plotBottom() - Chart.TOP);
        assertThat(chart.bars().get(1).height()).isEqualTo(chart.bars().get(2).height() / 2);
        assertThat(chart.bars().get(0).height()).isZero();
        assertThat(chart.bars().get(4).label()).isEqualTo("2026-11-05: 3 studies");
        assertThat(chart.yTicks()).extracting(Chart.Tick::text).containsExactly("0", "1", "2", "3", "4");
        assertThat(chart.empty()).isFalse();
    }

    @Test
    void aDayWithoutAValueBreaksTheLineAndNoValueAtAllSaysSo() {
        Chart chart = Chart.lines("t", "Received → delivered", "minutes", "minutes", DAYS,
                List.of(new Chart.Series("median", "median", Arrays.asList(1.0, 2.0, null, 3.0, 4.0))));
        assertThat(chart.lines().get(0).runs()).hasSize(2);
        assertThat(chart.lines().get(0).polylines()).hasSize(2);
        assertThat(chart.lines().get(0).points()).extracting(Chart.Point::label).contains("2026-11-04 median: 3 minutes");
        Chart none = Chart.lines("t", "t", "minutes", "minutes", DAYS,
                List.of(new Chart.Series("median", "median", Arrays.asList(null, null, null, null, null))));
        assertThat(none.empty()).isTrue();
    }
}
