package org.radpost.datacenter.deidentify;

import java.nio.file.Path;

/** What de-identifying one object gave: a copy to deliver, or a reason the object is withheld from the viewer. */
public sealed interface DeidentifyOutcome {
    /** The de-identified copy and the identifiers it carries instead of the original ones. */
    record Deidentified(Path file, String studyInstanceUid, String sopInstanceUid, String pseudonym) implements DeidentifyOutcome {}

    /** Not sent to a de-identified viewer, with the sentence the operator reads. */
    record Withheld(String reason) implements DeidentifyOutcome {}
}
