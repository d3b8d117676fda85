package org.radpost.viewer.web;

import java.util.List;
import org.radpost.viewer.store.OutgoingMessage;
import org.radpost.viewer.store.ReportInfo;
import org.radpost.viewer.store.SeriesInfo;
import org.radpost.viewer.store.StudyInfo;
import org.radpost.viewer.view.WindowPreset;

/**
 * What the study template shows: the study, its series, priors with their reports, this study's reports, what
 * was sent back, the window presets of its modality, and the data the page script reads (JSON).
 */
public record StudyPage(String readerName, StudyInfo study, List<SeriesInfo> series, List<Prior> priors,
                        List<ReportInfo> reports, List<OutgoingMessage> outgoing, List<WindowPreset> presets,
                        String dataJson) {
    /** An earlier study of the same patient and the reports it came with. */
    public record Prior(StudyInfo study, List<ReportInfo> reports) {
    }

    /** True once a report was written here (the form is then replaced by the report). */
    public boolean reportedHere() {
        return reports.stream().anyMatch(ReportInfo::local);
    }
}
