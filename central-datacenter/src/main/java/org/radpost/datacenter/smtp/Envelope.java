package org.radpost.datacenter.smtp;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import org.radpost.datacenter.directory.Account;

/**
 * The SMTP envelope of one received message: who authenticated, the MAIL FROM and RCPT TO addresses, where the
 * connection came from, when the end of DATA arrived, and the size in bytes of the message as stored (including
 * the Received trace header this server prepends).
 */
public record Envelope(Account account, String mailFrom, List<String> recipients, InetSocketAddress remoteAddress,
                       Instant receivedAt, long size, String sessionId) {

    public Envelope {
        recipients = List.copyOf(recipients);
    }
}
