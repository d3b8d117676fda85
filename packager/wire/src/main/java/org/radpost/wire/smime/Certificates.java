package org.radpost.wire.smime;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x509.GeneralName;

/** S/MIME certificates as the directory and the settings files hold them (PEM text), and a sealed-message test. */
public final class Certificates {
    private Certificates() {}

    /** The certificate as PEM ("-----BEGIN CERTIFICATE-----" ...), the form the directory stores. */
    public static String toPem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode the certificate of " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** Reads one PEM (or DER) certificate; a text that holds none is refused with a sentence saying so. */
    public static X509Certificate fromPem(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("the text is not a PEM X.509 certificate: " + e.getMessage(), e);
        }
    }

    /** Reads a certificate file (PEM or DER), e.g. the one {@code datacenter certificate} wrote. */
    public static X509Certificate read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException | ClassCastException e) {
            throw new IOException(file + " is not an X.509 certificate (PEM or DER): " + e.getMessage(), e);
        }
    }

    public static void write(X509Certificate certificate, Path file) throws IOException {
        Files.writeString(file, toPem(certificate), StandardCharsets.US_ASCII);
    }

    /** True when the message's own content type is S/MIME enveloped data (read from its headers only). */
    public static boolean isSealed(Path message) throws IOException {
        try (InputStream in = Files.newInputStream(message)) {
            String type = new InternetHeaders(in).getHeader("Content-Type", null);
            if (type == null) {
                return false;
            }
            ContentType parsed = new ContentType(type);
            return parsed.match("application/pkcs7-mime") || parsed.match("application/x-pkcs7-mime");
        } catch (MessagingException e) {
            return false; // not readable as MIME: the wire reader refuses it with its own reason
        }
    }

    /** The mail addresses a certificate speaks for: its rfc822Name alternative names, else its common name. */
    public static Set<String> addresses(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            Set<String> emails = names == null ? Set.of() : names.stream()
                    .filter(n -> (Integer) n.get(0) == GeneralName.rfc822Name)
                    .map(n -> n.get(1).toString().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
            if (!emails.isEmpty()) {
                return emails;
            }
            String dn = certificate.getSubjectX500Principal().getName();
            return Set.of(dn.replaceAll("(?i).*CN=([^,]+).*", "$1").toLowerCase(Locale.ROOT));
        } catch (java.security.cert.CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable certificate names: " + e.getMessage(), e);
        }
    }
}
