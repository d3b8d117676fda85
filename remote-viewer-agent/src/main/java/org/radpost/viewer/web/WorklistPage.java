package org.radpost.viewer.web;

import java.util.List;
import org.radpost.viewer.store.StudyInfo;
import org.radpost.viewer.worklist.WorklistFilter;

/** What the worklist template shows: the filter as typed, the matching studies and the mail line. */
public record WorklistPage(String readerName, WorklistFilter filter, List<String> modalities, List<StudyInfo> studies,
                           MailStatus mail, String refreshUrl) {
}
