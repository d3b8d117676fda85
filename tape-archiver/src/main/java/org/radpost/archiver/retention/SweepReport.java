package org.radpost.archiver.retention;

import java.util.List;
import org.radpost.archiver.volume.CompactionResult;
import org.radpost.wire.StudyUid;

/** What one retention sweep did: studies expired, studies spared (held, awaiting confirmation), volumes compacted. */
public record SweepReport(List<StudyUid> expired, List<StudyUid> held, List<StudyUid> awaitingConfirmation,
                          List<CompactionResult> compactions) {}
