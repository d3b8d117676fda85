package org.radpost.viewer.worklist;

import java.util.List;
import org.radpost.viewer.store.Studies;
import org.radpost.viewer.store.StudyInfo;
import org.radpost.viewer.store.StudyQuery;

/** The radiologist's worklist: STAT first, then by arrival, filtered by patient, accession and modality. */
public final class Worklist {
    private final Studies studies;

    public Worklist(Studies studies) {
        this.studies = studies;
    }

    public List<StudyInfo> list(WorklistFilter filter) {
        // Priors are for comparison, not work to read: they show on their patient's study page, and in searches.
        boolean searching = !filter.text().isEmpty();
        return studies.list(new StudyQuery(filter.text(), filter.modality(), searching));
    }
}
