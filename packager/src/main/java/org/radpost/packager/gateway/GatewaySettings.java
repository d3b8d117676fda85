package org.radpost.packager.gateway;

import java.nio.file.Path;
import java.time.Duration;

/** The DICOM listener modalities push to: its TCP port and AE title, where it stages, how long a study must be quiet. */
public record GatewaySettings(int port, String aeTitle, Path staging, Duration quietPeriod, Duration pollInterval) {
    public GatewaySettings {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("gateway port " + port + " is not a TCP port (gateway.port, e.g. 11112)");
        }
        if (aeTitle == null || aeTitle.isBlank() || aeTitle.length() > 16 || !aeTitle.matches("[\\x20-\\x7E&&[^\\\\]]+")) {
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
}
