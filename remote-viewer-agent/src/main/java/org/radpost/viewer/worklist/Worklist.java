package org.radpost.viewer.worklist;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.radpost.viewer.store.Studies;
import org.radpost.viewer.store.StudyInfo;

/** The radiologist's worklist: STAT first, then by arrival, filtered by patient, accession and modality. */
public final class Worklist {
    private final Studies studies;

    public Worklist(Studies studies) {
        this.studies = studies;
    }

    public List<StudyInfo> list(WorklistFilter filter) {
        StringBuilder where = new StringBuilder("1 = 1");
        List<Object> params = new ArrayList<>();
        if (!filter.text().isEmpty()) {
            // Names are stored in DICOM form (DOE^JANE): match "doe jane" and "doe^jane" alike.
            String like = "%" + filter.text().toLowerCase(Locale.ROOT).replace(' ', '^').replace(",", "^")
                    .replace("%", "\\%").replace("_", "\\_") + "%";
            String plain = "%" + filter.text().toLowerCase(Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%";
            where.append(" AND (LOWER(p.patient_name) LIKE ? OR LOWER(p.patient_id) LIKE ? OR LOWER(s.accession_number) LIKE ?)");
            params.add(like);
            params.add(plain);
            params.add(plain);
        }
        if (filter.text().isEmpty()) {
            // Priors are for comparison, not work to read: they show on their patient's study page, and in searches.
            where.append(" AND s.status <> 'PRIOR'");
        }
        if (!filter.modality().isEmpty()) {
            where.append(" AND EXISTS (SELECT 1 FROM series se WHERE se.study_fk = s.id AND UPPER(se.modality) = ?)");
            params.add(filter.modality());
        }
        return studies.query(where.toString(), params.toArray());
    }
}
