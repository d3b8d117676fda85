package org.radpost.packager.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags every command accepts; each overrides the key of the same name in packager.properties. */
final class SettingsOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "settings file (default: $RADPOST_PACKAGER_CONFIG, else ./packager.properties if present)")
    Path config;

    @Option(names = "--smtp-host", paramLabel = "HOST", description = "data center SMTP host (smtp.host)")
    String smtpHost;

    @Option(names = "--smtp-port", paramLabel = "PORT", description = "SMTP port, e.g. 465 for smtps, 587 for starttls (smtp.port)")
    String smtpPort;

    @Option(names = "--smtp-security", paramLabel = "smtps|starttls", description = "how TLS starts (smtp.security)")
    String smtpSecurity;

    @Option(names = "--smtp-user", paramLabel = "USER", description = "AUTH user (smtp.user); the password comes from "
            + "smtp.password or $RADPOST_SMTP_PASSWORD, never from a flag")
    String smtpUser;

    @Option(names = "--truststore", paramLabel = "FILE", description = "the deployment CA's truststore.p12 (smtp.truststore)")
    String trustStore;

    @Option(names = "--outbox", paramLabel = "FOLDER", description = "outbox folder (outbox; default ./outbox)")
    String outbox;

    @Option(names = "--quiet-period", paramLabel = "DURATION",
            description = "how long a study must receive nothing before it is sent, e.g. 30s (quiet-period)")
    String quietPeriod;

    /** These flags, with the parent command's where these are not given ("outbox --config f retry id" and "outbox retry id --config f"). */
    SettingsOptions over(SettingsOptions parent) {
        SettingsOptions merged = new SettingsOptions();
        merged.config = config != null ? config : parent.config;
        merged.smtpHost = smtpHost != null ? smtpHost : parent.smtpHost;
        merged.smtpPort = smtpPort != null ? smtpPort : parent.smtpPort;
        merged.smtpSecurity = smtpSecurity != null ? smtpSecurity : parent.smtpSecurity;
        merged.smtpUser = smtpUser != null ? smtpUser : parent.smtpUser;
        merged.trustStore = trustStore != null ? trustStore : parent.trustStore;
        merged.outbox = outbox != null ? outbox : parent.outbox;
        merged.quietPeriod = quietPeriod != null ? quietPeriod : parent.quietPeriod;
        return merged;
    }

    PackagerSettings load(Map<String, String> more) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("smtp.host", smtpHost);
        overrides.put("smtp.port", smtpPort);
        overrides.put("smtp.security", smtpSecurity);
        overrides.put("smtp.user", smtpUser);
        overrides.put("smtp.truststore", trustStore == null ? null : Path.of(trustStore).toAbsolutePath().toString());
        overrides.put("outbox", outbox == null ? null : Path.of(outbox).toAbsolutePath().toString());
        overrides.put("quiet-period", quietPeriod);
        overrides.putAll(more);
        return PackagerSettings.load(config, overrides);
    }
}
