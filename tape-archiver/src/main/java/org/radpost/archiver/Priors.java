package org.radpost.archiver;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.SessionFactory;
import org.radpost.archiver.index.ArchivedObjectRow;
import org.radpost.wire.StudyUid;

/** Finds a patient's earlier studies from one center, newest first, for delivery as priors next to a new study. */
final class Priors {
    private final SessionFactory sessions;

    Priors(SessionFactory sessions) {
        this.sessions = sessions;
    }

    List<ArchiveRecord> find(String patientId, String centerCode, StudyUid excludeStudyUid, int maxStudies,
                             Set<String> modalities) {
        if (maxStudies <= 0 || patientId == null || patientId.isBlank()) {
            return List.of();
        }
        List<ArchiveRecord> objects = sessions.fromTransaction(s -> s.createQuery(
                        "from ArchivedObjectRow where patientId = :p and centerCode = :c and deleted = false"
                                + " and studyInstanceUid <> :exclude order by archivedAt, id", ArchivedObjectRow.class)
                .setParameter("p", patientId).setParameter("c", centerCode)
                .setParameter("exclude", excludeStudyUid == null ? "" : excludeStudyUid.value())
                .getResultList().stream().map(ArchivedObjectRow::toRecord).toList());
        Map<StudyUid, List<ArchiveRecord>> byStudy = new LinkedHashMap<>();
        for (ArchiveRecord r : objects) {
            if (modalities == null || modalities.isEmpty() || modalities.contains(r.modality())) {
                byStudy.computeIfAbsent(r.studyUid(), k -> new ArrayList<>()).add(r);
            }
        }
        // Newest study first: by study date, or by when it was archived when the date is missing.
        Comparator<List<ArchiveRecord>> newestFirst = Comparator.comparing(Priors::studyDay).reversed();
        List<ArchiveRecord> priors = new ArrayList<>();
        byStudy.values().stream().sorted(newestFirst).limit(maxStudies).forEach(priors::addAll);
        return priors;
    }

    private static LocalDate studyDay(List<ArchiveRecord> study) {
        ArchiveRecord first = study.get(0);
        return first.studyDate().orElse(LocalDate.ofInstant(first.archivedAt(), ZoneOffset.UTC));
    }
}
