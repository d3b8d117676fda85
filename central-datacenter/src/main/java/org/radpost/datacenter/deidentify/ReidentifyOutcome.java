package org.radpost.datacenter.deidentify;

import java.nio.file.Path;
import java.util.List;

/** What re-identifying one object from a de-identified viewer gave: the object with the real identifiers, or refusal. */
public sealed interface ReidentifyOutcome {
    /** The re-identified copy, written where it was asked for. */
    record Reidentified(Path file) implements ReidentifyOutcome {}

    /** The object refers to UIDs the data center never gave out in a de-identified copy; nothing was written. */
    record UnknownUids(List<String> uids) implements ReidentifyOutcome {
        public UnknownUids {
            uids = List.copyOf(uids);
        }
    }
}
