package org.radpost.datacenter.pop3;

/**
 * Settings of the data center's POP3 server: the POP3S (implicit TLS) port and, optionally, a plain port that
 * requires STLS before login ({@link #NO_LISTENER} turns it off); port 0 picks a free port.
 */
public record Pop3ServerConfig(String bindAddress, int pop3sPort, int stlsPort, String hostname, int ioThreads,
                               int idleTimeoutSeconds, int workerThreads) {
    public static final int NO_LISTENER = -1;
    /** Threads for logins and mailbox queries; a client blocked on the database holds one. */
    public static final int DEFAULT_WORKER_THREADS = 32;

    public Pop3ServerConfig {
        if (pop3sPort < 0 || pop3sPort > 65535) {
            throw new IllegalArgumentException("pop3sPort " + pop3sPort + " is not a TCP port (0 picks a free one)");
        }
        if (stlsPort < NO_LISTENER || stlsPort > 65535) {
            throw new IllegalArgumentException("stlsPort " + stlsPort + " is not a TCP port (-1 turns the STLS listener off)");
        }
        if (hostname == null || hostname.isBlank() || !hostname.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
            throw new IllegalArgumentException("hostname '" + hostname + "' is not a host name; set the data center's DNS name");
        }
        if (ioThreads < 1 || idleTimeoutSeconds < 1 || workerThreads < 1) {
            throw new IllegalArgumentException("ioThreads, workerThreads and idleTimeoutSeconds must be positive");
        }
    }

    /** The default worker pool. */
    public Pop3ServerConfig(String bindAddress, int pop3sPort, int stlsPort, String hostname, int ioThreads,
                            int idleTimeoutSeconds) {
        this(bindAddress, pop3sPort, stlsPort, hostname, ioThreads, idleTimeoutSeconds, DEFAULT_WORKER_THREADS);
    }

    /** Loopback, ephemeral ports, both listeners: for tests and the single-box demo. */
    public static Pop3ServerConfig loopback() {
        return new Pop3ServerConfig("127.0.0.1", 0, 0, "localhost", 4, 120);
    }
}
