package org.radpost.datacenter.tracking;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.SessionFactory;

/**
 * Studies and objects per center, modality and day, and each day's turnaround (median and 90th percentile) from
 * received to delivered, viewed and reported, read from the tracking tables. A study counts on the day it was
 * first received (in the data center's time zone), its turnaround too, so a day's figures stay put once its
 * studies are reported.
 */
public final class DailyStatistics {
    /** The milestones, in order; turnaround is the time between the first event of one and the first of the next. */
    public static final List<TrackingState> MILESTONES = List.of(TrackingState.RECEIVED, TrackingState.DELIVERED,
            TrackingState.VIEWED, TrackingState.REPORTED);

    /** Studies first received on one day from one center in one modality, and their objects. */
    public record Volume(LocalDate day, String center, String modality, long studies, long objects) {}

    /** One interval on one day: how many studies reached both ends, the median and the 90th percentile. */
    public record Turnaround(LocalDate day, String from, String to, int studies, Duration median, Duration p90) {}

    /** What the statistics page shows, for the days {@code days} (oldest first). */
    public record Report(List<LocalDate> days, List<Volume> volume, List<Turnaround> turnaround) {}

    private final SessionFactory sessions;
    private final ZoneId zone;

    public DailyStatistics(SessionFactory sessions, ZoneId zone) {
        this.sessions = sessions;
        this.zone = zone;
    }

    /** The {@code dayCount} days up to and including {@code today}. */
    public Report lastDays(LocalDate today, int dayCount) {
        LocalDate first = today.minusDays(dayCount - 1L);
        Instant from = first.atStartOfDay(zone).toInstant();
        List<LocalDate> days = first.datesUntil(today.plusDays(1)).toList();
        return sessions.fromSession(s -> {
            Map<String, LocalDate> dayOf = new HashMap<>();
            Map<String, Volume> volume = new TreeMap<>();
            s.createNativeQuery("SELECT st.study_uid, c.code, st.modality, st.received_objects, st.first_received_at FROM study st"
                            + " JOIN center c ON c.id = st.center_id WHERE st.first_received_at >= :from", Object[].class)
                    .setParameter("from", from).getResultList().forEach(r -> {
                        LocalDate day = StudySearch.instant(r[4]).atZone(zone).toLocalDate();
                        dayOf.put((String) r[0], day);
                        String key = day + "|" + r[1] + "|" + r[2];
                        Volume v = volume.get(key);
                        long objects = ((Number) r[3]).longValue();
                        volume.put(key, v == null ? new Volume(day, (String) r[1], (String) r[2], 1, objects)
                                : new Volume(day, v.center(), v.modality(), v.studies() + 1, v.objects() + objects));
                    });
            Map<String, Map<TrackingState, Instant>> firsts = new HashMap<>();
            s.createNativeQuery("SELECT e.study_uid, e.state, MIN(e.at) FROM status_event e JOIN study st ON st.study_uid = e.study_uid"
                            + " WHERE st.first_received_at >= :from AND e.state IN ('RECEIVED', 'DELIVERED', 'VIEWED', 'REPORTED')"
                            + " GROUP BY e.study_uid, e.state", Object[].class)
                    .setParameter("from", from).getResultList().forEach(r -> firsts
                            .computeIfAbsent((String) r[0], k -> new EnumMap<>(TrackingState.class))
                            .put(TrackingState.valueOf((String) r[1]), StudySearch.instant(r[2])));
            return new Report(days, new ArrayList<>(volume.values()), turnaround(days, dayOf, firsts));
        });
    }

    private static List<Turnaround> turnaround(List<LocalDate> days, Map<String, LocalDate> dayOf,
                                               Map<String, Map<TrackingState, Instant>> firsts) {
        List<Turnaround> rows = new ArrayList<>();
        for (int i = 1; i < MILESTONES.size(); i++) {
            TrackingState from = MILESTONES.get(i - 1);
            TrackingState to = MILESTONES.get(i);
            Map<LocalDate, List<Duration>> byDay = new TreeMap<>();
            firsts.forEach((study, times) -> {
                if (times.containsKey(from) && times.containsKey(to) && dayOf.containsKey(study)) {
                    byDay.computeIfAbsent(dayOf.get(study), d -> new ArrayList<>()).add(Duration.between(times.get(from), times.get(to)));
                }
            });
            for (LocalDate day : days) {
                List<Duration> all = byDay.getOrDefault(day, List.of());
                if (!all.isEmpty()) {
                    rows.add(new Turnaround(day, from.name().toLowerCase(), to.name().toLowerCase(), all.size(), median(all),
                            percentile(all, 90)));
                }
            }
        }
        return rows;
    }

    /** The middle value; for an even count the mean of the two middle ones. */
    static Duration median(List<Duration> values) {
        List<Duration> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
    }

    /** Nearest-rank percentile: the smallest value with at least {@code p} % of the values at or below it. */
    static Duration percentile(List<Duration> values, int p) {
        List<Duration> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
