package org.radpost.packager.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The DICOM listener modalities push to: its TCP port, the address it binds to (loopback unless told), its AE
 * title, the calling AE titles it accepts (empty: any), where it stages, how long a study must be quiet.
 */
public record GatewaySettings(int port, String bindAddress, String aeTitle, Set<String> allowedCallingAeTitles, Path staging,
                              Duration quietPeriod, Duration pollInterval) {
    public static final String DEFAULT_BIND = "127.0.0.1";

    /** On loopback, accepting any calling AE title. */
    public GatewaySettings(int port, String aeTitle, Path staging, Duration quietPeriod, Duration pollInterval) {
        this(port, DEFAULT_BIND, aeTitle, Set.of(), staging, quietPeriod, pollInterval);
    }

    public GatewaySettings {
        bindAddress = bindAddress == null || bindAddress.isBlank() ? DEFAULT_BIND : bindAddress.trim();
        allowedCallingAeTitles = allowedCallingAeTitles == null ? Set.of() : Set.copyOf(allowedCallingAeTitles);
        for (String title : allowedCallingAeTitles) {
            if (!validAeTitle(title)) {
                throw new IllegalArgumentException("calling AE title '" + title + "' in gateway.allowed-ae-titles must be 1 to 16"
                        + " printable ASCII characters without backslash");
            }
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("gateway port " + port + " is not a TCP port (gateway.port, e.g. 11112)");
        }
        if (!validAeTitle(aeTitle)) {
            throw new IllegalArgumentException("gateway AE title '" + aeTitle
                    + "' must be 1 to 16 printable ASCII characters without backslash (gateway.ae-title, e.g. RADPOST)");
        }
        if (staging == null) {
            throw new IllegalArgumentException("the gateway's staging folder is not set (gateway.staging)");
        }
        if (quietPeriod == null || quietPeriod.isNegative()) {
            throw new IllegalArgumentException("the quiet period must be zero or more (quiet-period, e.g. 30s)");
        }
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
    }

    private static boolean validAeTitle(String aeTitle) {
        return aeTitle != null && !aeTitle.isBlank() && aeTitle.length() <= 16 && aeTitle.matches("[\\x20-\\x7E&&[^\\\\]]+");
    }
}
