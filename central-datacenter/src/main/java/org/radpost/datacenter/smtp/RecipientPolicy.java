package org.radpost.datacenter.smtp;

import java.util.Optional;
import org.radpost.datacenter.directory.Account;

/**
 * Decides at RCPT TO whether a recipient is refused outright. Unknown or unauthorized destinations should be
 * accepted here and quarantined later by the pipeline (unroutable is not invalid); refuse only what can never be
 * ours, e.g. a foreign domain.
 */
@FunctionalInterface
public interface RecipientPolicy {

    /** Empty to accept the recipient, or the refusal to send (5xx, or 4xx for a temporary condition). */
    Optional<SmtpReply> refusal(Account sender, String recipient);

    /** Accepts every syntactically valid recipient. */
    static RecipientPolicy acceptAll() {
        return (sender, recipient) -> Optional.empty();
    }
}
