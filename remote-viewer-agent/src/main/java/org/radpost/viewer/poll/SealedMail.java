package org.radpost.viewer.poll;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.radpost.wire.smime.Certificates;
import org.radpost.wire.smime.DataCenterMail;
import org.radpost.wire.smime.SmimeException;
import org.radpost.wire.smime.SmimeIdentity;
import org.radpost.wire.tls.OwnerOnly;

/**
 * The viewer's S/MIME: opens the mail the data center delivers (decrypts with the viewer's key, verifies that the
 * signature is the data center's own certificate, issued by the deployment CA in the viewer's trust store) and
 * seals what the viewer sends back (signed with its key, encrypted to the data center). The S/MIME work itself is
 * the wire library's {@link DataCenterMail}, which the packager's receipt reader uses too.
 */
public final class SealedMail {
    private final DataCenterMail mail;

    public SealedMail(SmimeIdentity viewer, X509Certificate dataCenter, List<X509Certificate> deploymentCas) {
        this.mail = new DataCenterMail(viewer, dataCenter, deploymentCas);
    }

    /** Replaces {@code eml} by its sealed form (signed by the viewer, encrypted to the data center), atomically. */
    public void sealInPlace(Path eml) throws IOException {
        Path sealed = eml.resolveSibling(eml.getFileName() + ".sealing");
        mail.seal(eml, sealed);
        Files.move(sealed, eml, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The viewer's S/MIME settings: {@code smime.keystore} (its .p12 from {@code datacenter certificate --viewer}),
     * {@code smime.keystore.password}, {@code smime.datacenter-certificate} (the data center's smime.pem); all or none.
     */
    public static Optional<SealedMail> fromProperties(Properties p, Path trustStore, String trustStorePassword) throws IOException {
        List<String> keys = List.of("smime.keystore", "smime.keystore.password", "smime.datacenter-certificate");
        List<String> given = keys.stream().filter(k -> !p.getProperty(k, "").isBlank()).toList();
        if (given.isEmpty()) {
            return Optional.empty();
        }
        if (given.size() < keys.size()) {
            throw new IllegalArgumentException("S/MIME needs all of " + String.join(", ", keys) + "; missing "
                    + String.join(", ", keys.stream().filter(k -> !given.contains(k)).toList()));
        }
        SmimeIdentity viewer = SmimeIdentity.load(Path.of(p.getProperty("smime.keystore").strip()),
                p.getProperty("smime.keystore.password").toCharArray());
        X509Certificate dataCenter = Certificates.read(Path.of(p.getProperty("smime.datacenter-certificate").strip()));
        return Optional.of(new SealedMail(viewer, dataCenter, DataCenterMail.authorities(trustStore, trustStorePassword.toCharArray())));
    }

    /** True when the message's content is S/MIME enveloped data. */
    static boolean isSealed(Message message) throws MessagingException {
        ContentType type = new ContentType(message.getContentType());
        return type.match("application/pkcs7-mime") || type.match("application/x-pkcs7-mime");
    }

    /** Writes the sealed message to {@code work}, opens it there and returns the plain message's file. */
    Path open(InputStream sealed, Path work) throws IOException, SmimeException {
        OwnerOnly.folder(work);
        Path file = work.resolve("sealed.eml");
        try (OutputStream out = OwnerOnly.replacing(file)) {
            sealed.transferTo(out);
        }
        Path plain = work.resolve("plain.eml");
        try {
            mail.open(file, plain);
        } finally {
            Files.deleteIfExists(file);
        }
        return plain;
    }
}
