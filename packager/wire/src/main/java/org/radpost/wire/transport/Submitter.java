package org.radpost.wire.transport;

import java.nio.file.Path;
import java.util.function.LongConsumer;

/** Submits one ready message file; {@link SmtpSubmitter} is the real one. */
public interface Submitter {

    /** Submits the file, reporting bytes as they stream out; expected failures are outcomes, not exceptions. */
    SubmitOutcome submit(Path eml, LongConsumer bytesSent);

    default SubmitOutcome submit(Path eml) {
        return submit(eml, bytes -> {});
    }
}
