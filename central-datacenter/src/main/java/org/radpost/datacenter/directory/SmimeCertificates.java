package org.radpost.datacenter.directory;

import java.security.cert.X509Certificate;
import java.util.Optional;
import org.radpost.wire.smime.Certificates;

/**
 * The S/MIME certificates the directory holds, one per center and viewer: the signer a message from that
 * account must carry, and the certificate the data center encrypts to when it delivers to that account. An
 * account without one does not use S/MIME yet; one with a certificate must send sealed messages.
 */
public final class SmimeCertificates {
    private final Directory directory;

    public SmimeCertificates(Directory directory) {
        this.directory = directory;
    }

    /** The certificate held for the center or viewer with this mail address, if it has one. */
    public Optional<X509Certificate> of(String address) {
        return directory.centerByAddress(address).flatMap(Center::smimeCertificate)
                .or(() -> directory.viewerByAddress(address).flatMap(Viewer::smimeCertificate))
                .map(Certificates::fromPem);
    }

    /** Holds {@code certificate} for the center; it must name the center's address. */
    public void setForCenter(String code, X509Certificate certificate) {
        String pem = checked(directory.requireCenter(code).address(), certificate);
        directory.changeCenter(code, c -> c.smimeCertificate(pem));
    }

    /** Holds {@code certificate} for the viewer; it must name the viewer's address. */
    public void setForViewer(String code, X509Certificate certificate) {
        String pem = checked(directory.requireViewer(code).address(), certificate);
        directory.changeViewer(code, v -> v.smimeCertificate(pem));
    }

    /** A certificate for another address would make every message from the account a wrong-signer refusal. */
    private static String checked(String address, X509Certificate certificate) {
        if (!Certificates.addresses(certificate).contains(address.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("the certificate names " + Certificates.addresses(certificate) + ", not " + address
                    + "; issue one for this address with 'datacenter certificate --center/--viewer CODE'");
        }
        return Certificates.toPem(certificate);
    }

    /** One line describing a certificate, for listings and the audit trail. */
    public static String describe(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName() + ", serial " + certificate.getSerialNumber().toString(16)
                + ", valid until " + certificate.getNotAfter().toInstant();
    }
}
