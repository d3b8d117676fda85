package org.radpost.datacenter.smtp;

import java.util.Optional;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPConfiguration;

/** Our {@link SmtpServerConfig} in the shape James Protocols reads: no relaying, AUTH announced only under TLS. */
final class JamesSmtpConfiguration implements SMTPConfiguration {
    private final SmtpServerConfig config;

    JamesSmtpConfiguration(SmtpServerConfig config) {
        this.config = config;
    }

    @Override
    public String getHelloName() {
        return config.hostname();
    }

    @Override
    public String getGreeting() {
        return config.hostname() + " ESMTP RadPost data center ready";
    }

    @Override
    public String getSoftwareName() {
        return "RadPost";
    }

    @Override
    public long getMaxMessageSize() {
        return config.maxMessageSize();
    }

    @Override
    public boolean isRelayingAllowed(String remoteIp) {
        return false;
    }

    @Override
    public boolean isAuthAnnounced(String remoteIp, boolean tlsStarted) {
        return tlsStarted;
    }

    @Override
    public boolean useHeloEhloEnforcement() {
        return true;
    }

    @Override
    public boolean useAddressBracketsEnforcement() {
        return true;
    }

    @Override
    public boolean isPlainAuthEnabled() {
        return true;
    }

    @Override
    public Optional<OidcSASLConfiguration> saslConfiguration() {
        return Optional.empty();
    }
}
