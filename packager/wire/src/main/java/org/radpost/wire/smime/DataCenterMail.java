package org.radpost.wire.smime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * A center's or viewer's S/MIME with its data center: opens the mail the data center sends (decrypts with the
 * party's own key, verifies that the signature is the data center's own certificate, issued by the deployment
 * CA) and seals what the party sends it (signed with the party's key, encrypted to the data center). The viewer
 * agent's poller and the packager's receipt reader both open their mailboxes with it.
 */
public final class DataCenterMail {
    private final SmimeIdentity own;
    private final X509Certificate dataCenter;
    private final SmimeOpener opener;

    public DataCenterMail(SmimeIdentity own, X509Certificate dataCenter, Collection<X509Certificate> deploymentCas) {
        this.own = own;
        this.dataCenter = dataCenter;
        this.opener = new SmimeOpener(own, deploymentCas);
    }

    public SmimeIdentity own() {
        return own;
    }

    public X509Certificate dataCenter() {
        return dataCenter;
    }

    /** Signs {@code plain} with the party's key and encrypts it to the data center, into {@code sealed}. */
    public void seal(Path plain, Path sealed) throws IOException {
        new SmimeSealer().seal(plain, own, dataCenter, sealed);
    }

    /**
     * Opens {@code sealed} into {@code plain}, checked now. Any valid deployment signature is not enough: only the
     * data center's certificate (the one configured here) may sign what arrives in this party's mailbox.
     */
    public void open(Path sealed, Path plain) throws SmimeException, IOException {
        SmimeOpener.Opened opened = opener.open(sealed, null, Instant.now(), plain);
        if (!opened.signer().equals(dataCenter)) {
            Files.deleteIfExists(plain);
            throw new SmimeException(SmimeFailure.WRONG_SIGNER, "signed by " + opened.signer().getSubjectX500Principal()
                    + " (serial " + opened.signer().getSerialNumber().toString(16) + "), not by the data center's certificate "
                    + dataCenter.getSubjectX500Principal() + " (serial " + dataCenter.getSerialNumber().toString(16) + ")");
        }
    }

    /** The certificates in a trust store (the deployment CA's truststore.p12): the authorities signers must chain to. */
    public static List<X509Certificate> authorities(Path trustStore, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            List<X509Certificate> cas = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) instanceof X509Certificate certificate) {
                    cas.add(certificate);
                }
            }
            return cas;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the deployment CA from " + trustStore + ": " + e.getMessage(), e);
        }
    }
}
