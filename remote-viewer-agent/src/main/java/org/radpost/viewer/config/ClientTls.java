package org.radpost.viewer.config;

import java.io.IOException;
import java.nio.file.Path;
import javax.net.ssl.SSLSocketFactory;
import org.radpost.wire.tls.TlsIdentity;
import org.radpost.wire.tls.TlsPolicy;

/** TLS for the agent's mail connections: trusts only the deployment CA (host names are checked by Jakarta Mail). */
public final class ClientTls {
    private ClientTls() {}

    /** The same trust for HTTPS (the data center's mailbox events); HttpClient checks the host name itself. */
    public static javax.net.ssl.SSLContext context(Path trustStore, String password) throws IOException {
        return TlsIdentity.clientContext(trustStore, password.toCharArray());
    }

    public static SSLSocketFactory trusting(Path trustStore, String password) throws IOException {
        return TlsPolicy.socketFactory(TlsIdentity.clientContext(trustStore, password.toCharArray()).getSocketFactory());
    }
}
