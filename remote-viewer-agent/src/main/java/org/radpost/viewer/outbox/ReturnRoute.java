package org.radpost.viewer.outbox;

import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.viewer.store.StudyInfo;

/**
 * Who gets what the viewer sends about a study: the configured return address, else the study's sender (the
 * center the data center forwarded it from), always from the reader's own address.
 */
public record ReturnRoute(String readerAddress, String returnAddress) {
    public Addressing addressing(StudyInfo study) {
        return new Addressing(readerAddress, recipient(study), Priority.ROUTINE);
    }

    public String recipient(StudyInfo study) {
        return returnAddress.isBlank() ? study.center() : returnAddress;
    }
}
