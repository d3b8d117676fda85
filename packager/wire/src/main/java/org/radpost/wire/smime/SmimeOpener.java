package org.radpost.wire.smime;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientId;
import org.bouncycastle.mail.smime.SMIMEEnvelopedParser;
import org.bouncycastle.mail.smime.SMIMESignedParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Opens a sealed RadPost message: decrypts it with the recipient's key, checks the signature over the content,
 * that the signer's certificate chains to this deployment's CA and is valid now, and that the signer is the
 * account the caller expects; then writes the plain message (envelope headers and the signed content) for the
 * wire reader. Every refusal names its {@link SmimeFailure}.
 */
public final class SmimeOpener {
    /** The JDK's AES (CPU instructions) decrypts the content; Bouncy Castle's plain-Java AES was most of the cost. */
    private static final String CONTENT_PROVIDER = "SunJCE";
    private final SmimeIdentity recipient;
    private final Set<TrustAnchor> trustAnchors;

    public SmimeOpener(SmimeIdentity recipient, Collection<X509Certificate> deploymentCas) {
        this.recipient = recipient;
        this.trustAnchors = deploymentCas.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet());
    }

    /** The signer of an opened message. */
    public record Opened(X509Certificate signer, Set<String> signerAddresses) {}

    /**
     * Opens {@code sealed} into {@code plain}, checked at {@code now}; {@code expectedSigner} is the mail address of
     * the account that logged in (null: any account of the deployment).
     */
    public Opened open(Path sealed, String expectedSigner, Instant now, Path plain) throws SmimeException, IOException {
        Path enveloped = Files.createTempFile(plain.toAbsolutePath().getParent(), ".open-", ".p7m");
        Path decrypted = Files.createTempFile(plain.toAbsolutePath().getParent(), ".open-", ".mime");
        Path content = Files.createTempFile(plain.toAbsolutePath().getParent(), ".open-", ".content");
        MessageEnvelope envelope = MessageEnvelope.read(sealed);
        try {
            MimeBodyPart outer = envelope.contentEntity(enveloped);
            if (!outer.isMimeType("application/pkcs7-mime") && !outer.isMimeType("application/x-pkcs7-mime")) {
                throw new SmimeException(SmimeFailure.NOT_ENCRYPTED, "its content type is " + outer.getContentType());
            }
            decrypt(outer, decrypted);
            MimeBodyPart inner = MessageEnvelope.part(decrypted);
            if (!inner.isMimeType("multipart/signed")) {
                throw new SmimeException(SmimeFailure.UNSIGNED, "the encrypted content is " + inner.getContentType());
            }
            SMIMESignedParser signed = new SMIMESignedParser(new JcaDigestCalculatorProviderBuilder().build(),
                    (MimeMultipart) inner.getContent(), "7bit", content.toFile());
            X509Certificate signer = verify(signed, now);
            Set<String> addresses = addresses(signer);
            if (expectedSigner != null && !addresses.contains(expectedSigner.toLowerCase(Locale.ROOT))) {
                throw new SmimeException(SmimeFailure.WRONG_SIGNER, "logged in as " + expectedSigner + ", signed by " + addresses);
            }
            envelope.writeWith(signed.getContent(), plain);
            return new Opened(signer, addresses);
        } catch (MessagingException | OperatorCreationException | CMSException e) {
            throw new SmimeException(SmimeFailure.TAMPERED, e.getMessage(), e);
        } catch (org.bouncycastle.cms.CMSRuntimeException | IllegalArgumentException
                 | IllegalStateException | ClassCastException e) {
            // Altered ciphertext can decrypt to a signature structure that is no longer ASN.1: Bouncy Castle's
            // parsers say so with a runtime exception (ASN1ParsingException, or IllegalArgumentException "invalid pad
            // bits" from a bit string, seen in a fresh-clone run), which must be this message's refusal, not a crash.
            throw new SmimeException(SmimeFailure.TAMPERED, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (java.security.cert.CertificateException e) {
            throw new SmimeException(SmimeFailure.UNTRUSTED_CA, e.getMessage(), e);
        } finally {
            envelope.close();
            Files.deleteIfExists(enveloped);
            Files.deleteIfExists(decrypted);
            Files.deleteIfExists(content);
        }
    }

    private void decrypt(MimeBodyPart outer, Path decrypted) throws SmimeException, IOException {
        try {
            SMIMEEnvelopedParser parser = new SMIMEEnvelopedParser(outer);
            RecipientInformation mine = parser.getRecipientInfos().get(new JceKeyTransRecipientId(recipient.certificate()));
            if (mine == null) {
                throw new SmimeException(SmimeFailure.UNDECRYPTABLE, "no recipient entry for " + recipient.certificate().getSubjectX500Principal());
            }
            try (InputStream in = mine.getContentStream(new JceKeyTransEnvelopedRecipient(recipient.key())
                    .setProvider(Providers.bc()).setContentProvider(CONTENT_PROVIDER))
                         .getContentStream();
                 OutputStream out = Files.newOutputStream(decrypted)) {
                in.transferTo(out);
            }
        } catch (CMSException | MessagingException | IOException e) {
            throw new SmimeException(SmimeFailure.UNDECRYPTABLE, e.getMessage(), e);
        }
    }

    private X509Certificate verify(SMIMESignedParser signed, Instant now)
            throws SmimeException, CMSException, OperatorCreationException, java.security.cert.CertificateException {
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.isEmpty()) {
            throw new SmimeException(SmimeFailure.UNSIGNED, "the signature holds no signer");
        }
        SignerInformation info = signers.iterator().next();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> holders = signed.getCertificates().getMatches(info.getSID());
        if (holders.isEmpty()) {
            throw new SmimeException(SmimeFailure.UNSIGNED, "the signer's certificate is not in the message");
        }
        X509CertificateHolder holder = holders.iterator().next();
        try {
            if (!info.verify(new JcaSimpleSignerInfoVerifierBuilder().build(holder))) {
                throw new SmimeException(SmimeFailure.TAMPERED, "signature of " + holder.getSubject());
            }
        } catch (CMSVerifierCertificateNotValidException e) {
            // Bouncy Castle checks the signer's validity at the signing time the message states, before the digest.
            throw new SmimeException(SmimeFailure.CERTIFICATE_EXPIRED, holder.getSubject() + " valid "
                    + holder.getNotBefore().toInstant() + " to " + holder.getNotAfter().toInstant() + ", not at the signing time", e);
        }
        try {
            X509Certificate signer = new JcaX509CertificateConverter().setProvider(Providers.bc()).getCertificate(holder);
            checkChain(signer, now);
            return signer;
        } catch (GeneralSecurityException e) {
            throw new SmimeException(SmimeFailure.UNTRUSTED_CA, e.getMessage(), e);
        }
    }

    private void checkChain(X509Certificate signer, Instant now) throws SmimeException, GeneralSecurityException {
        try {
            signer.checkValidity(Date.from(now));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new SmimeException(SmimeFailure.CERTIFICATE_EXPIRED, signer.getSubjectX500Principal() + " valid "
                    + signer.getNotBefore().toInstant() + " to " + signer.getNotAfter().toInstant() + ", checked at " + now, e);
        }
        PKIXParameters parameters = new PKIXParameters(trustAnchors);
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(now));
        try {
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(signer)), parameters);
        } catch (CertPathValidatorException e) {
            throw new SmimeException(SmimeFailure.UNTRUSTED_CA, signer.getIssuerX500Principal() + ": " + e.getMessage(), e);
        }
    }

    private static Set<String> addresses(X509Certificate certificate) throws SmimeException {
        try {
            return Certificates.addresses(certificate);
        } catch (IllegalArgumentException e) {
            throw new SmimeException(SmimeFailure.UNTRUSTED_CA, e.getMessage(), e);
        }
    }
}
