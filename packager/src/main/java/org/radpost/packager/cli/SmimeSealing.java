package org.radpost.packager.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.radpost.packager.outbox.OutboxPackager;
import org.radpost.wire.smime.Certificates;
import org.radpost.wire.smime.SmimeIdentity;
import org.radpost.wire.smime.SmimeSealer;

/** The center's S/MIME sealing: signs each message with the center's key and encrypts it to the data center. */
public record SmimeSealing(SmimeIdentity center, X509Certificate dataCenter) implements OutboxPackager.Sealing {
    static SmimeSealing load(Path keyStore, char[] password, Path dataCenterCertificate) throws IOException {
        return new SmimeSealing(SmimeIdentity.load(keyStore, password), Certificates.read(dataCenterCertificate));
    }

    @Override
    public void seal(Path plain, Path sealed) throws IOException {
        new SmimeSealer().seal(plain, center, dataCenter, sealed);
    }
}
