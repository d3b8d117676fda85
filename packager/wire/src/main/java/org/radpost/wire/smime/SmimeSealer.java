package org.radpost.wire.smime;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.mail.smime.SMIMEEnvelopedGenerator;
import org.bouncycastle.mail.smime.SMIMEException;
import org.bouncycastle.mail.smime.SMIMESignedGenerator;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Signs a RadPost message with its sender's key, then encrypts it to its recipient (PS3.15 B.8, RFC 8551):
 * SHA-256 with RSA signature, AES-256-CBC content encryption. The envelope headers (addresses, Message-ID, the
 * wire headers with UIDs and counts) stay readable; everything else is inside. Signing and encryption run as
 * the sealed message is written, so the message is never held in memory.
 */
public final class SmimeSealer {
    /** Seals {@code plain} from {@code signer} for {@code recipient} into {@code sealed}. */
    public void seal(Path plain, SmimeIdentity signer, X509Certificate recipient, Path sealed) throws IOException {
        Path entity = Files.createTempFile(sealed.toAbsolutePath().getParent(), ".seal-", ".mime");
        MessageEnvelope envelope = MessageEnvelope.read(plain);
        try {
            MimeBodyPart content = envelope.contentEntity(entity);
            SMIMESignedGenerator signing = new SMIMESignedGenerator();
            // The JDK's providers for the bulk work (SHA-256 and AES use the CPU's instructions; Bouncy Castle's
            // are plain Java and were most of the cost, JFR showed); Bouncy Castle for the CMS/S/MIME structure.
            signing.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder()
                    .build("SHA256withRSA", signer.key(), signer.certificate()));
            signing.addCertificates(new JcaCertStore(List.of(signer.certificate())));
            MimeMultipart signed = signing.generate(content);
            MimeBodyPart signedPart = new MimeBodyPart();
            signedPart.setContent(signed);
            signedPart.setHeader("Content-Type", signed.getContentType());

            SMIMEEnvelopedGenerator encryption = new SMIMEEnvelopedGenerator();
            encryption.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient).setProvider(Providers.bc()));
            MimeBodyPart encrypted = encryption.generate(signedPart,
                    new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).build());
            envelope.writeWith(encrypted, sealed);
        } catch (OperatorCreationException | CertificateEncodingException | SMIMEException | MessagingException | CMSException e) {
            throw new IOException("cannot seal " + plain + " with S/MIME: " + e.getMessage(), e);
        } finally {
            envelope.close();
            Files.deleteIfExists(entity);
        }
    }
}
