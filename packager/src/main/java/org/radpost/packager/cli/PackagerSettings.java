package org.radpost.packager.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.radpost.wire.Priority;
import org.radpost.wire.build.MessageWriter;
import org.radpost.packager.outbox.RetryPolicy;
import org.radpost.wire.transport.SmtpSettings;

/**
 * The packager's settings: {@code packager.properties} (keys below) with command-line flags on top. Relative
 * paths in the file are relative to the file's folder. Everything is checked before anything runs, and a
 * missing or bad setting is reported with the key to fix.
 *
 * <pre>
 * smtp.host, smtp.port, smtp.security (smtps|starttls), smtp.user, smtp.password,
 * smtp.truststore, smtp.truststore.password, smtp.connect-timeout, smtp.timeout, smtp.connections (2),
 * from, to, priority (stat|routine), outbox, size-cap (20MB), quiet-period (30s),
 * retry.first (30s), retry.cap (1h), watch.folder, watch.stable-for (2s),
 * gateway.port, gateway.ae-title (RADPOST), gateway.bind (127.0.0.1), gateway.allowed-ae-titles (any), gateway.staging,
 * smime.keystore, smime.keystore.password, smime.datacenter-certificate (all three, or none: S/MIME off)
 * </pre>
 */
public final class PackagerSettings {
    public static final String DEFAULT_FILE = "packager.properties";

    private final Properties values;
    private final Path base;
    private final String source;

    private PackagerSettings(Properties values, Path base, String source) {
        this.values = values;
        this.base = base;
        this.source = source;
    }

    /** Loads the file (when given or when ./packager.properties exists) and lays the flags over it. */
    public static PackagerSettings load(Path file, Map<String, String> overrides) {
        Properties values = new Properties();
        Path base = Path.of("").toAbsolutePath();
        String source = "flags";
        Path chosen = file;
        if (chosen == null && System.getenv("RADPOST_PACKAGER_CONFIG") != null) {
            chosen = Path.of(System.getenv("RADPOST_PACKAGER_CONFIG"));
        }
        if (chosen == null && Files.exists(Path.of(DEFAULT_FILE))) {
            chosen = Path.of(DEFAULT_FILE);
        }
        if (chosen != null) {
            if (!Files.isReadable(chosen)) {
                throw new SettingsException("settings file " + chosen.toAbsolutePath() + " does not exist or cannot be read");
            }
            try (Reader in = Files.newBufferedReader(chosen, StandardCharsets.UTF_8)) {
                values.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new SettingsException("cannot read settings file " + chosen + ": " + e.getMessage(), e);
            }
            base = chosen.toAbsolutePath().getParent();
            source = chosen.toString();
        }
        overrides.forEach((key, value) -> {
            if (value != null) {
                values.setProperty(key, value);
            }
        });
        if (!values.containsKey("smtp.password") && System.getenv("RADPOST_SMTP_PASSWORD") != null) {
            values.setProperty("smtp.password", System.getenv("RADPOST_SMTP_PASSWORD"));
        }
        return new PackagerSettings(values, base, source);
    }

    /** The SMTP settings; every missing key is named in one message. */
    public SmtpSettings smtp() {
        List<String> missing = new ArrayList<>();
        for (String key : List.of("smtp.host", "smtp.port", "smtp.security", "smtp.user", "smtp.password", "smtp.truststore")) {
            if (get(key).isEmpty()) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new SettingsException("missing setting" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + " (in " + source + " or as flags; see 'packager --help')");
        }
        try {
            SmtpSettings.Timeouts defaults = SmtpSettings.Timeouts.DEFAULT;
            SmtpSettings.Timeouts timeouts = new SmtpSettings.Timeouts(
                    durationOr("smtp.connect-timeout", defaults.connect()), durationOr("smtp.timeout", defaults.read()),
                    durationOr("smtp.timeout", defaults.write()));
            Path trustStore = path("smtp.truststore").orElseThrow();
            if (!Files.isReadable(trustStore)) {
                throw new SettingsException("smtp.truststore = " + trustStore
                        + " does not exist or cannot be read (use the deployment CA's truststore.p12)");
            }
            return new SmtpSettings(get("smtp.host").orElseThrow(), SettingValues.port("smtp.port", get("smtp.port").orElseThrow()),
                    SmtpSettings.Security.parse(get("smtp.security").orElseThrow()), get("smtp.user").orElseThrow(),
                    get("smtp.password").orElseThrow().toCharArray(), trustStore,
                    get("smtp.truststore.password").orElse("").toCharArray(), timeouts);
        } catch (IllegalArgumentException e) {
            throw e instanceof SettingsException ? e : new SettingsException(e.getMessage(), e);
        }
    }

    public String from() {
        return require("from", "the center's own address, e.g. center1@center.example");
    }

    /** The destination for watched-folder and gateway studies (send takes --to). */
    public String to() {
        return require("to", "the viewer address studies from the watched folder or gateway go to");
    }

    public Priority priority() {
        String value = get("priority").orElse("routine");
        for (Priority priority : Priority.values()) {
            if (priority.name().equalsIgnoreCase(value)) {
                return priority;
            }
        }
        throw new SettingsException("priority = '" + value + "' is not known; use stat or routine");
    }

    public Path outbox() {
        return path("outbox").orElse(base.resolve("outbox"));
    }

    public long sizeCap() {
        long cap = get("size-cap").map(v -> SettingValues.size("size-cap", v)).orElse(MessageWriter.DEFAULT_SIZE_CAP);
        if (cap < 64 * 1024) {
            throw new SettingsException("size-cap = " + cap + " bytes is too small; use at least 64KB (default 20MB)");
        }
        return cap;
    }

    public Duration quietPeriod() {
        return durationOr("quiet-period", Duration.ofSeconds(30));
    }

    /**
     * How many SMTP sessions send the outbox at once (1 to 8, default 2): the data center takes in each session on
     * its own core, so two fill a 2-core server; more only help when the link's round trip, not the server, bounds.
     */
    public int connections() {
        int connections = get("smtp.connections").map(v -> {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new SettingsException("smtp.connections = '" + v + "' is not a number; use 1 to 8 (default 2)");
            }
        }).orElse(2);
        if (connections < 1 || connections > 8) {
            throw new SettingsException("smtp.connections = " + connections + " is out of range; use 1 to 8 (default 2)");
        }
        return connections;
    }

    public RetryPolicy retryPolicy() {
        try {
            return new RetryPolicy(durationOr("retry.first", RetryPolicy.DEFAULT.first()),
                    durationOr("retry.cap", RetryPolicy.DEFAULT.cap()));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("retry.first/retry.cap: " + e.getMessage(), e);
        }
    }

    public Optional<Path> watchFolder() {
        return path("watch.folder");
    }

    public Duration watchStableFor() {
        return durationOr("watch.stable-for", Duration.ofSeconds(2));
    }

    public Optional<Integer> gatewayPort() {
        return get("gateway.port").map(v -> SettingValues.port("gateway.port", v));
    }

    public String gatewayAeTitle() {
        return get("gateway.ae-title").orElse("RADPOST");
    }

    /** The address the gateway listens on [127.0.0.1]; a modality on the network needs the LAN address (or 0.0.0.0). */
    public String gatewayBind() {
        return get("gateway.bind").orElse(org.radpost.packager.gateway.GatewaySettings.DEFAULT_BIND);
    }

    /** The calling AE titles the gateway accepts (comma-separated); none set: any. */
    public java.util.Set<String> gatewayAllowedAeTitles() {
        return get("gateway.allowed-ae-titles").map(v -> java.util.Arrays.stream(v.split(",")).map(String::trim)
                .filter(t -> !t.isEmpty()).collect(java.util.stream.Collectors.toUnmodifiableSet())).orElse(java.util.Set.of());
    }

    public Path gatewayStaging() {
        return path("gateway.staging").orElse(outbox().resolveSibling("gateway-staging"));
    }

    /**
     * S/MIME sealing (PS3.15 B.8): the center's key store from {@code datacenter certificate --center}, and the data
     * center's certificate ({@code smime.pem} in its TLS folder). Empty when none of the three keys is set.
     */
    public Optional<SmimeSealing> smime() {
        List<String> keys = List.of("smime.keystore", "smime.keystore.password", "smime.datacenter-certificate");
        List<String> given = keys.stream().filter(k -> get(k).isPresent()).toList();
        if (given.isEmpty()) {
            return Optional.empty();
        }
        if (given.size() < keys.size()) {
            throw new SettingsException("S/MIME needs all of " + String.join(", ", keys) + "; missing "
                    + String.join(", ", keys.stream().filter(k -> !given.contains(k)).toList()));
        }
        try {
            return Optional.of(SmimeSealing.load(path("smime.keystore").orElseThrow(),
                    get("smime.keystore.password").orElseThrow().toCharArray(), path("smime.datacenter-certificate").orElseThrow()));
        } catch (IOException e) {
            throw new SettingsException("smime.keystore / smime.datacenter-certificate: " + e.getMessage(), e);
        }
    }

    Optional<String> get(String key) {
        String value = values.getProperty(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private String require(String key, String what) {
        return get(key).orElseThrow(() -> new SettingsException("missing setting " + key + " (" + what + "), in "
                + source + " or as a flag"));
    }

    Optional<Path> path(String key) {
        return get(key).map(this::resolve);
    }

    /** A path as written in the settings: relative ones are relative to the settings file's folder. */
    Path resolve(String value) {
        return base.resolve(value.trim()).normalize();
    }

    private Duration durationOr(String key, Duration fallback) {
        return get(key).map(v -> SettingValues.duration(key, v)).orElse(fallback);
    }
}
