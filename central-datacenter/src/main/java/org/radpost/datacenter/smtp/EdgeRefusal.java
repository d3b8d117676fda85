package org.radpost.datacenter.smtp;

import java.util.Optional;
import org.radpost.wire.RejectReason;

/**
 * A message the SMTP edge refused before it reached the {@link MessageSink} (bare line endings, an overlong
 * line, a header value too long to keep), with what its header named, so the sink can record the refusal and
 * send the sender a receipt like any other. {@code studyUid} is present only when it is a valid UID.
 */
public record EdgeRefusal(RejectReason reason, String detail, String messageId, Optional<String> studyUid) {
}
