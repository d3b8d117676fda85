package org.radpost.datacenter.smtp;

import java.nio.file.Path;

/**
 * Settings of the data center's SMTP server: where it listens (port 0 picks a free port), the largest message it
 * takes, the host name it greets with, and the staging folder where DATA is written while it arrives (put it on
 * the spool's file system; one folder per node, since start-up empties it of stale DATA files).
 *
 * @param ioThreads     Netty I/O threads: they only move bytes, run TLS and send greetings
 * @param workerThreads threads for the hooks (password checks, the sink's fsync and commit); a connection that
 *                      blocks holds one, so allow one per concurrently submitting client
 * @param maxRecipients RCPT TO commands accepted per message; more get {@code 452 4.5.3}
 */
public record SmtpServerConfig(String bindAddress, int smtpsPort, int startTlsPort, long maxMessageSize,
                               String hostname, Path stagingDirectory, int ioThreads, int idleTimeoutSeconds,
                               int workerThreads, int maxRecipients) {

    public static final long DEFAULT_MAX_MESSAGE_SIZE = 64L * 1024 * 1024;
    public static final int DEFAULT_WORKER_THREADS = 32;
    /** A message goes to one viewer; a hundred is generous and still stops a harvesting client. */
    public static final int DEFAULT_MAX_RECIPIENTS = 100;

    public SmtpServerConfig {
        requirePort("smtpsPort", smtpsPort);
        requirePort("startTlsPort", startTlsPort);
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be positive, got " + maxMessageSize);
        }
        if (hostname == null || hostname.isBlank() || !hostname.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
            throw new IllegalArgumentException("hostname '" + hostname + "' is not a host name; set the data center's DNS name");
        }
        if (stagingDirectory == null) {
            throw new IllegalArgumentException("stagingDirectory is required (DATA is written there, never kept in memory)");
        }
        if (ioThreads < 1 || idleTimeoutSeconds < 1 || workerThreads < 1) {
            throw new IllegalArgumentException("ioThreads, workerThreads and idleTimeoutSeconds must be positive");
        }
        if (maxRecipients < 1) {
            throw new IllegalArgumentException("maxRecipients must be at least 1 (RFC 5321 asks for 100), got " + maxRecipients);
        }
    }

    /** The default worker pool and recipient limit. */
    public SmtpServerConfig(String bindAddress, int smtpsPort, int startTlsPort, long maxMessageSize, String hostname,
                            Path stagingDirectory, int ioThreads, int idleTimeoutSeconds) {
        this(bindAddress, smtpsPort, startTlsPort, maxMessageSize, hostname, stagingDirectory, ioThreads,
                idleTimeoutSeconds, DEFAULT_WORKER_THREADS, DEFAULT_MAX_RECIPIENTS);
    }

    /** Loopback, ephemeral ports, for tests and the single-box demo. */
    public static SmtpServerConfig loopback(long maxMessageSize, Path stagingDirectory) {
        return new SmtpServerConfig("127.0.0.1", 0, 0, maxMessageSize, "localhost", stagingDirectory, 4, 120);
    }

    private static void requirePort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " " + port + " is not a TCP port (0 picks a free one)");
        }
    }
}
