package org.radpost.viewer.web;

import java.util.List;
import java.util.Optional;
import org.radpost.viewer.poll.PollResult;
import org.radpost.viewer.store.StudyInfo;
import org.radpost.viewer.worklist.WorklistFilter;

/** What the worklist template shows: the filter as typed, the matching studies and the last mail check. */
public record WorklistPage(String readerName, WorklistFilter filter, List<String> modalities, List<StudyInfo> studies,
                           Optional<PollResult> lastPoll, String refreshUrl) {
}
