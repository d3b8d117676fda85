package org.radpost.datacenter.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Median and 90th percentile as the statistics page defines them. */
class DailyStatisticsTest {
    private static List<Duration> minutes(long... values) {
        return java.util.Arrays.stream(values).mapToObj(Duration::ofMinutes).toList();
    }

    @Test
    void medianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
        assertThat(DailyStatistics.median(minutes(9, 1, 5))).isEqualTo(Duration.ofMinutes(5));
        assertThat(DailyStatistics.median(minutes(1, 2, 3, 10))).isEqualTo(Duration.ofSeconds(150));
        assertThat(DailyStatistics.median(minutes(7))).isEqualTo(Duration.ofMinutes(7));
    }

    @Test
    void p90IsTheNearestRank() {
        assertThat(DailyStatistics.percentile(minutes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 90)).isEqualTo(Duration.ofMinutes(9));
        assertThat(DailyStatistics.percentile(minutes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), 90)).isEqualTo(Duration.ofMinutes(10));
        assertThat(DailyStatistics.percentile(minutes(4), 90)).isEqualTo(Duration.ofMinutes(4));
        assertThat(DailyStatistics.percentile(minutes(30, 1), 90)).isEqualTo(Duration.ofMinutes(30));
    }
}
