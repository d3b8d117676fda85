package org.radpost.datacenter.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.SessionFactory;

/**
 * Everything the data center knows of one study, summarized for a person: its header, its timeline per state
 * (counts and first/last times instead of one line per message part), series, deliveries, receipts, reports and
 * turnaround times.
 */
public record StudyReport(
        StudySearch.Row header,
        List<StateSummary> states,
        List<SeriesLine> series,
        List<DeliveryLine> deliveries,
        List<StatusEvent> receipts,
        List<String> reports,
        List<Turnaround> turnaround,
        List<StatusEvent> events) {

    /** One state of the timeline: how often it was entered (once per message part, typically), and when first and last. */
    public record StateSummary(TrackingState state, int count, Instant first, Instant last, String lastActor, String lastDetail) {}

    public record SeriesLine(String number, String modality, String description, long objects, long bytes) {}

    public record DeliveryLine(String mailbox, String kind, String state, Instant createdAt, Instant deliveredAt) {}

    /** Time from one milestone to the next, e.g. received → delivered; {@code duration} empty while not reached. */
    public record Turnaround(String from, String to, Optional<Duration> duration) {
        public String text() {
            return duration.map(StudyReport::durationText).orElse("not yet");
        }
    }

    /** The report for a study UID, or empty when the data center never heard of it. */
    public static Optional<StudyReport> of(SessionFactory sessions, String studyUid) {
        List<StudySearch.Row> rows = new StudySearch(sessions).find(new StudySearch.Criteria(null, null, studyUid, null, null,
                null, null, null, null));
        List<StatusEvent> events = new Timeline(sessions).of(studyUid);
        if (rows.isEmpty() && events.isEmpty()) {
            return Optional.empty();
        }
        StudySearch.Row header = rows.isEmpty()
                ? new StudySearch.Row(studyUid, "", "", "", "", "", "", "", events.get(events.size() - 1).state().name(),
                        events.get(0).at(), events.get(events.size() - 1).at(), 0, 0)
                : rows.get(0);
        return Optional.of(sessions.fromSession(s -> {
            List<SeriesLine> series = s.createNativeQuery("SELECT se.number, se.modality, se.description, COUNT(i.id), COALESCE(SUM(i.size_bytes), 0)"
                            + " FROM series se JOIN study st ON st.id = se.study_id LEFT JOIN instance i ON i.series_id = se.id"
                            + " WHERE st.study_uid = :u GROUP BY se.id, se.number, se.modality, se.description ORDER BY se.number", Object[].class)
                    .setParameter("u", studyUid).getResultList().stream()
                    .map(r -> new SeriesLine((String) r[0], (String) r[1], (String) r[2], ((Number) r[3]).longValue(), ((Number) r[4]).longValue()))
                    .toList();
            List<DeliveryLine> deliveries = s.createNativeQuery("SELECT mailbox, kind, state, created_at, delivered_at FROM delivery"
                            + " WHERE study_uid = :u ORDER BY created_at, id", Object[].class)
                    .setParameter("u", studyUid).getResultList().stream()
                    .map(r -> new DeliveryLine((String) r[0], (String) r[1], (String) r[2], StudySearch.instant(r[3]), StudySearch.instant(r[4])))
                    .toList();
            List<String> reports = s.createNativeQuery("SELECT i.sop_instance_uid FROM instance i JOIN study st ON st.id = i.study_id"
                            + " WHERE st.study_uid = :u AND i.object_type = 'REPORT' ORDER BY i.received_at", String.class)
                    .setParameter("u", studyUid).getResultList();
            return new StudyReport(header, summarize(events), series, deliveries,
                    events.stream().filter(e -> e.detail().startsWith("receipt")).toList(), reports, turnaround(events), events);
        }));
    }

    static List<StateSummary> summarize(List<StatusEvent> events) {
        Map<TrackingState, List<StatusEvent>> byState = new LinkedHashMap<>();
        events.forEach(e -> byState.computeIfAbsent(e.state(), k -> new ArrayList<>()).add(e));
        return byState.entrySet().stream().map(en -> {
            List<StatusEvent> list = en.getValue();
            StatusEvent last = list.get(list.size() - 1);
            return new StateSummary(en.getKey(), list.size(), list.get(0).at(), last.at(), last.actor(), last.detail());
        }).toList();
    }

    static List<Turnaround> turnaround(List<StatusEvent> events) {
        List<TrackingState> milestones = List.of(TrackingState.RECEIVED, TrackingState.DELIVERED, TrackingState.VIEWED, TrackingState.REPORTED);
        List<Turnaround> lines = new ArrayList<>();
        Optional<Instant> received = first(events, TrackingState.RECEIVED);
        for (int i = 1; i < milestones.size(); i++) {
            Optional<Instant> from = first(events, milestones.get(i - 1));
            Optional<Instant> to = first(events, milestones.get(i));
            lines.add(new Turnaround(label(milestones.get(i - 1)), label(milestones.get(i)),
                    from.isPresent() && to.isPresent() ? Optional.of(Duration.between(from.get(), to.get())) : Optional.empty()));
        }
        Optional<Instant> reported = first(events, TrackingState.REPORTED);
        lines.add(new Turnaround("received", "reported (total)",
                received.isPresent() && reported.isPresent() ? Optional.of(Duration.between(received.get(), reported.get())) : Optional.empty()));
        return lines;
    }

    private static Optional<Instant> first(List<StatusEvent> events, TrackingState state) {
        return events.stream().filter(e -> e.state() == state).map(StatusEvent::at).findFirst();
    }

    private static String label(TrackingState state) {
        return state.name().toLowerCase();
    }

    /** "2 h 05 min", "3 min 12 s", "840 ms". */
    public static String durationText(Duration d) {
        if (d.toHours() > 0) {
            return d.toHours() + " h " + String.format("%02d", d.toMinutesPart()) + " min";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + " min " + d.toSecondsPart() + " s";
        }
        if (d.getSeconds() > 0) {
            return d.getSeconds() + " s";
        }
        return d.toMillis() + " ms";
    }
}
