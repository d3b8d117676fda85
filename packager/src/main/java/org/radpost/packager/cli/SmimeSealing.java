package org.radpost.packager.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.radpost.packager.outbox.OutboxPackager;
import java.util.Collection;
import org.radpost.wire.smime.Certificates;
import org.radpost.wire.smime.DataCenterMail;
import org.radpost.wire.smime.SmimeIdentity;
import org.radpost.wire.smime.SmimeSealer;

/** The center's S/MIME sealing: signs each message with the center's key and encrypts it to the data center. */
public record SmimeSealing(SmimeIdentity center, X509Certificate dataCenter) implements OutboxPackager.Sealing {
    static SmimeSealing load(Path keyStore, char[] password, Path dataCenterCertificate) throws IOException {
        return new SmimeSealing(SmimeIdentity.load(keyStore, password), Certificates.read(dataCenterCertificate));
    }

    /** The same keys for the other direction: opening what the data center sends, signed by it, to this center. */
    public DataCenterMail withAuthorities(Collection<X509Certificate> deploymentCas) {
        return new DataCenterMail(center, dataCenter, deploymentCas);
    }

    @Override
    public void seal(Path plain, Path sealed) throws IOException {
        new SmimeSealer().seal(plain, center, dataCenter, sealed);
    }
}
