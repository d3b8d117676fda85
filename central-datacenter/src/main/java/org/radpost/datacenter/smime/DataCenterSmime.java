package org.radpost.datacenter.smime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.SmimeCertificates;
import org.radpost.datacenter.spool.Spool;
import org.radpost.wire.smime.Certificates;
import org.radpost.wire.smime.SmimeException;
import org.radpost.wire.smime.SmimeIdentity;
import org.radpost.wire.smime.SmimeOpener;
import org.radpost.wire.smime.SmimeSealer;
import org.radpost.wire.tls.DeploymentCa;

/**
 * The data center's own S/MIME identity and what it does with it: opens what accounts send (decrypt with its
 * key, verify the signer against the deployment CA and the directory) and seals what it delivers (signs with its
 * key, encrypts to the recipient's certificate from the directory). Key: {@code smime.p12} in the TLS folder,
 * owner-only; its certificate {@code smime.pem} is what centers and viewers encrypt to.
 */
public final class DataCenterSmime {
    public static final String KEY_STORE = "smime.p12";
    public static final String CERTIFICATE = "smime.pem";

    private final SmimeIdentity identity;
    private final SmimeOpener opener;
    private final SmimeCertificates directory;
    private final Clock clock;

    public DataCenterSmime(SmimeIdentity identity, X509Certificate deploymentCa, SmimeCertificates directory, Clock clock) {
        this.identity = identity;
        this.opener = new SmimeOpener(identity, List.of(deploymentCa));
        this.directory = directory;
        this.clock = clock;
    }

    /** Loads the data center's S/MIME key from the TLS folder, issuing it from the deployment CA on first start. */
    public static DataCenterSmime loadOrIssue(DatacenterConfig config, SmimeCertificates directory, Clock clock) throws IOException {
        DeploymentCa ca = DeploymentCa.loadOrCreate(config.tlsDir(), "RadPost " + config.domain(), config.keyStorePassword(),
                config.trustStorePassword());
        Path keyStore = config.tlsDir().resolve(KEY_STORE);
        if (!Files.exists(keyStore)) {
            ca.issue("smime", config.dataCenterAddress(), List.of());
            KeyFiles.ownerOnly(keyStore);
        }
        SmimeIdentity identity = SmimeIdentity.load(keyStore, config.keyStorePassword());
        Certificates.write(identity.certificate(), config.tlsDir().resolve(CERTIFICATE));
        return new DataCenterSmime(identity, ca.certificate(), directory, clock);
    }

    /**
     * The data center's S/MIME key when {@code serve} has issued it, for a command run beside it; unlike
     * {@link #loadOrIssue} it creates nothing (no CA, no key) and writes nothing.
     */
    public static java.util.Optional<DataCenterSmime> loadIfIssued(DatacenterConfig config, SmimeCertificates directory, Clock clock)
            throws IOException {
        Path keyStore = config.tlsDir().resolve(KEY_STORE);
        if (!Files.exists(keyStore) || !Files.exists(config.tlsDir().resolve(DeploymentCa.CA_FILE))) {
            return java.util.Optional.empty();
        }
        DeploymentCa ca = DeploymentCa.load(config.tlsDir(), config.keyStorePassword(), config.trustStorePassword());
        return java.util.Optional.of(new DataCenterSmime(SmimeIdentity.load(keyStore, config.keyStorePassword()), ca.certificate(),
                directory, clock));
    }

    public X509Certificate certificate() {
        return identity.certificate();
    }

    /** The certificates the directory holds for accounts. */
    public SmimeCertificates directory() {
        return directory;
    }

    /**
     * Opens a message an account sent into {@code plain}: decrypted, signature checked at this instant, signer
     * chained to the deployment CA, naming {@code account}, and (when the directory holds one) the very
     * certificate held for it.
     */
    public SmimeOpener.Opened open(Path sealed, String account, Path plain) throws SmimeException, IOException {
        SmimeOpener.Opened opened = opener.open(sealed, account, clock.instant(), plain);
        X509Certificate held = directory.of(account).orElse(null);
        if (held != null && !held.equals(opened.signer())) {
            Files.deleteIfExists(plain);
            throw new SmimeException(org.radpost.wire.smime.SmimeFailure.WRONG_SIGNER, "signed by "
                    + SmimeCertificates.describe(opened.signer()) + "; the directory holds " + SmimeCertificates.describe(held)
                    + " for " + account);
        }
        return opened;
    }

    /**
     * A plain copy of a spooled message in {@code folder} for a stage that reads its content (the spool holds
     * it sealed as received); the spooled file itself when it is plain. The signature was checked at intake.
     */
    public Path plainCopy(Path spooled, Path folder) throws IOException {
        if (!Certificates.isSealed(spooled)) {
            return spooled;
        }
        Path plain = folder.resolve("plain-" + spooled.getFileName());
        try {
            opener.open(spooled, null, clock.instant(), plain);
        } catch (SmimeException e) {
            // Checked once on arrival; failing now means the key or the file changed since: a fault, not a refusal.
            throw new IOException("cannot open the spooled message " + spooled + ", accepted earlier: " + e.getMessage(), e);
        }
        return plain;
    }

    /** Signs {@code plain} as the data center and encrypts it to {@code recipient}, into {@code sealed}. */
    public void seal(Path plain, X509Certificate recipient, Path sealed) throws IOException {
        new SmimeSealer().seal(plain, identity, recipient, sealed);
    }

    /**
     * Puts {@code plain} into the mailbox file {@code target} of {@code account}: signed and encrypted to the
     * account's certificate when the directory holds one, a plain copy otherwise. The file is written in
     * {@code work} (the data center's private folder, so a plain form never enters a mailbox), fsynced, then
     * moved in whole, so a committed delivery never names a half file. Returns whether it was sealed.
     */
    public boolean intoMailbox(Path plain, String account, Path target, Path work) throws IOException {
        Optional<X509Certificate> recipient = directory.of(account);
        Path part = work.resolve(target.getFileName() + ".part");
        if (recipient.isPresent()) {
            seal(plain, recipient.get(), part);
        } else {
            Files.copy(plain, part, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Spool.fsyncFolder(target.getParent());
        return recipient.isPresent();
    }

}
