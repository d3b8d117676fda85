package org.radpost.wire.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * What every TLS socket RadPost opens or accepts allows: TLS 1.3 and 1.2 only, and only forward-secret AEAD cipher
 * suites (the TLS 1.3 suites, and ECDHE with AES-GCM or ChaCha20-Poly1305 for 1.2). Static-RSA key exchange (a
 * stolen server key decrypts every recorded session) and CBC with SHA-1 (padding-oracle history) are never offered.
 */
public final class TlsPolicy {
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsPolicy() {}

    public static String[] protocols() {
        return PROTOCOLS.toArray(String[]::new);
    }

    public static String[] cipherSuites() {
        return CIPHER_SUITES.toArray(String[]::new);
    }

    /** The policy's suites as one space-separated value (Jakarta Mail's {@code mail.*.ssl.ciphersuites}). */
    public static String cipherSuiteList() {
        return String.join(" ", CIPHER_SUITES);
    }

    /** Restricts the parameters to the policy's protocols and suites. */
    public static SSLParameters apply(SSLParameters parameters) {
        parameters.setProtocols(protocols());
        parameters.setCipherSuites(cipherSuites());
        return parameters;
    }

    /** A socket factory whose every TLS socket keeps to the policy. */
    public static SSLSocketFactory socketFactory(SSLSocketFactory delegate) {
        return new Restricting(delegate);
    }

    private static final class Restricting extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        Restricting(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private static Socket restrict(Socket socket) {
            if (socket instanceof SSLSocket ssl) {
                ssl.setSSLParameters(apply(ssl.getSSLParameters()));
            }
            return socket;
        }

        @Override
        public Socket createSocket() throws IOException {
            return restrict(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            return restrict(delegate.createSocket(socket, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return restrict(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return restrict(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return restrict(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return restrict(delegate.createSocket(address, port, localAddress, localPort));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return cipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return Arrays.stream(delegate.getSupportedCipherSuites()).filter(CIPHER_SUITES::contains).toArray(String[]::new);
        }
    }
}
