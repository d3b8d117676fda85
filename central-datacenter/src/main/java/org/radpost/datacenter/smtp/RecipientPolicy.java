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

    /**
     * Accepts addresses at the deployment's mail domain (or a subdomain of it) and refuses every other with
     * {@code 550 5.7.1}: the data center is no relay.
     */
    static RecipientPolicy localDomain(String domain) {
        String own = domain.toLowerCase(java.util.Locale.ROOT);
        return (sender, recipient) -> {
            String at = recipient.substring(recipient.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
            return at.equals(own) || at.endsWith("." + own) ? Optional.empty()
                    : Optional.of(SmtpReplies.foreignRecipient(recipient, domain));
        };
    }

    /** Accepts every syntactically valid recipient. */
    static RecipientPolicy acceptAll() {
        return (sender, recipient) -> Optional.empty();
    }
}
