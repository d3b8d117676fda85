package org.radpost.wire.transport;

import java.nio.file.Path;

/** Where a mailbox at the data center is read over POP3S, verified against the deployment's trust store. */
public record Pop3Settings(String host, int port, String user, String password, Path trustStore, String trustStorePassword) {
    public Pop3Settings {
        if (host == null || host.isBlank() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("the POP3S endpoint '" + host + ":" + port + "' is not a host and port");
        }
        if (user == null || user.isBlank() || password == null) {
            throw new IllegalArgumentException("POP3 needs a user and a password");
        }
        if (trustStore == null) {
            throw new IllegalArgumentException("POP3S needs the deployment CA's trust store (truststore.p12)");
        }
        trustStorePassword = trustStorePassword == null ? "" : trustStorePassword;
    }
}
