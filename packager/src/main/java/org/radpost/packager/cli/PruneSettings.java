package org.radpost.packager.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.radpost.packager.prune.AutoPrune;
import org.radpost.packager.prune.DiskUsage;
import org.radpost.packager.prune.Pruner;
import org.radpost.packager.prune.ReceiptCollector;
import org.radpost.packager.prune.ReceiptLedger;
import org.radpost.wire.smime.DataCenterMail;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.packager.watch.WatchedFolder;

/**
 * The settings of {@code receipts}, {@code prune} and the daemon's prune step, read from packager.properties:
 *
 * <pre>
 * data-folder (default: packager-data next to the outbox): receipts/ (the ledger), inbox/ (mail read), inbox/results/
 * pop3.host, pop3.port (995), pop3.user, pop3.password, pop3.truststore, pop3.truststore.password
 *     (user, password and trust store default to the smtp.* ones: the same account at the data center)
 * prune.disk-threshold-percent (80), prune.interval (1m), prune.folders (extra folders, comma-separated)
 * </pre>
 */
final class PruneSettings {
    private final PackagerSettings settings;

    PruneSettings(PackagerSettings settings) {
        this.settings = settings;
    }

    Path dataFolder() {
        return settings.path("data-folder").orElse(settings.outbox().resolveSibling("packager-data"));
    }

    Path ledgerFolder() {
        return dataFolder().resolve("receipts");
    }

    /** Reports and overlays sent back by radiologists, per study. */
    Path resultsFolder() {
        return dataFolder().resolve("inbox").resolve("results");
    }

    boolean mailboxConfigured() {
        return settings.get("pop3.host").isPresent();
    }

    Pop3Settings pop3() {
        String host = settings.get("pop3.host").orElseThrow(() -> new SettingsException(
                "missing setting pop3.host (the data center's POP3S host where this center's receipts wait)"));
        int port = settings.get("pop3.port").map(v -> SettingValues.port("pop3.port", v)).orElse(995);
        String user = settings.get("pop3.user").or(() -> settings.get("smtp.user")).orElseThrow(() -> new SettingsException(
                "missing setting pop3.user (or smtp.user): the center's account at the data center"));
        String password = settings.get("pop3.password").or(() -> settings.get("smtp.password")).orElseThrow(() ->
                new SettingsException("missing setting pop3.password (or smtp.password, or $RADPOST_SMTP_PASSWORD)"));
        Path trustStore = settings.path("pop3.truststore").or(() -> settings.path("smtp.truststore")).orElseThrow(() ->
                new SettingsException("missing setting pop3.truststore (or smtp.truststore): the deployment CA's truststore.p12"));
        if (!Files.isReadable(trustStore)) {
            throw new SettingsException("pop3.truststore = " + trustStore + " does not exist or cannot be read");
        }
        String trustPassword = settings.get("pop3.truststore.password").or(() -> settings.get("smtp.truststore.password"))
                .orElse("");
        try {
            return new Pop3Settings(host, port, user, password, trustStore, trustPassword);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage() + " (pop3.* settings)", e);
        }
    }

    /** Where sent copies are kept: the watched folder's and the gateway's sent/, plus prune.folders. */
    List<Path> folders() {
        List<Path> folders = new ArrayList<>();
        settings.watchFolder().ifPresent(f -> folders.add(f.resolve(WatchedFolder.SENT)));
        folders.add(settings.gatewayStaging().resolve(WatchedFolder.SENT));
        settings.get("prune.folders").ifPresent(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(settings::resolve).forEach(folders::add));
        return folders;
    }

    double diskThresholdPercent() {
        String value = settings.get("prune.disk-threshold-percent").orElse("80");
        try {
            double percent = Double.parseDouble(value);
            if (percent > 0 && percent <= 100) {
                return percent;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SettingsException("prune.disk-threshold-percent = '" + value + "' is not a percentage above 0 and up to 100"
                + " (default 80)");
    }

    Duration interval() {
        return settings.get("prune.interval").map(v -> SettingValues.duration("prune.interval", v)).orElse(Duration.ofMinutes(1));
    }

    ReceiptLedger ledger() throws IOException {
        return ReceiptLedger.open(ledgerFolder());
    }

    ReceiptCollector collector(ReceiptLedger ledger) throws IOException {
        Pop3Settings pop3 = pop3();
        return new ReceiptCollector(new MailboxReader(pop3, dataFolder(), sealedMail(pop3).orElse(null)), ledger, resultsFolder());
    }

    /**
     * With smime.* set, the data center's mail to this center is opened with the center's key, and its signer must be
     * the data center's certificate, chained to the deployment CA of the POP3 trust store.
     */
    private Optional<DataCenterMail> sealedMail(Pop3Settings pop3) {
        return settings.smime().map(sealing -> {
            try {
                return sealing.withAuthorities(DataCenterMail.authorities(pop3.trustStore(), pop3.trustStorePassword().toCharArray()));
            } catch (IOException e) {
                throw new SettingsException("pop3.truststore (the deployment CA S/MIME signatures must chain to): " + e.getMessage(), e);
            }
        });
    }

    Pruner pruner(ReceiptLedger ledger, List<Path> extraFolders) {
        List<Path> all = new ArrayList<>(folders());
        extraFolders.forEach(f -> all.add(f.toAbsolutePath().normalize()));
        return new Pruner(ledger, all);
    }

    /** The daemon's step: receipts (when pop3.host is set) and pruning past the disk threshold. */
    AutoPrune autoPrune(PrintWriter out) throws IOException {
        ReceiptLedger ledger = ledger();
        Optional<ReceiptCollector> collector = mailboxConfigured() ? Optional.of(collector(ledger)) : Optional.empty();
        return new AutoPrune(collector, pruner(ledger, List.of()), DiskUsage.of(dataFolder()), diskThresholdPercent(), out);
    }
}
