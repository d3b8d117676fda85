package org.radpost.archiver.retention;

import java.time.LocalDate;
import org.radpost.wire.StudyUid;

/**
 * A notice the data center mails to a notify-then-confirm center: this study expires on this date and will be
 * deleted once the center confirms. Patient ID and accession are for the mail's body, never its headers.
 */
public record ExpiryNotice(String centerCode, StudyUid studyUid, String patientId, String accessionNumber,
                           LocalDate expiryDate, int objectCount) {}
