package org.radpost.datacenter.smime;

import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.util.SharedFileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.mail.smime.SMIMEEnvelopedGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.radpost.wire.smime.SmimeIdentity;
import org.radpost.wire.tls.DeploymentCa;
import org.radpost.wire.tls.KeyStorePassword;

/** Test parties with S/MIME identities from a deployment CA, and the malformed messages no real sender makes. */
final class SmimeParties {
    /** The password of the key stores issued here (each test party's own, not the CA's). */
    static final char[] PASSWORD = "test-party-pw".toCharArray();

    private SmimeParties() {}

    static SmimeIdentity issue(DeploymentCa ca, String alias, String address) throws Exception {
        return SmimeIdentity.load(ca.issue(alias, address, List.of(), PASSWORD).keyStore(), PASSWORD);
    }

    /** A certificate for {@code address} from the deployment CA in {@code tlsDir} that expired yesterday. */
    static SmimeIdentity expired(Path tlsDir, String address) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tlsDir.resolve(DeploymentCa.CA_FILE))) {
            store.load(in, KeyStorePassword.of(tlsDir));
        }
        PrivateKey caKey = (PrivateKey) store.getKey("radpost-ca", KeyStorePassword.of(tlsDir));
        X509Certificate caCert = (X509Certificate) store.getCertificate("radpost-ca");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(caCert, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(30))), Date.from(now.minus(Duration.ofDays(1))),
                new X500Name("CN=" + address + ", O=RadPost"), keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.rfc822Name, address)));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKey)));
        return new SmimeIdentity(keys.getPrivate(), certificate);
    }

    /** Encrypts the message to {@code recipient} without signing it: the envelope headers outside, the rest inside. */
    static Path encryptOnly(Path plain, X509Certificate recipient, Path target) throws Exception {
        List<String> envelope;
        try (InputStream in = Files.newInputStream(plain)) {
            envelope = Collections.list(new InternetHeaders(in).getAllHeaderLines()).stream()
                    .filter(l -> !l.toLowerCase(Locale.ROOT).startsWith("content-") && !l.toLowerCase(Locale.ROOT).startsWith("mime-version"))
                    .toList();
        }
        SMIMEEnvelopedGenerator generator = new SMIMEEnvelopedGenerator();
        generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient));
        MimeBodyPart encrypted = generator.generate(new MimeBodyPart(new SharedFileInputStream(plain.toFile())),
                new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).build());
        try (OutputStream out = Files.newOutputStream(target)) {
            for (String line : envelope) {
                out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.write("MIME-Version: 1.0\r\n".getBytes(StandardCharsets.US_ASCII));
            encrypted.writeTo(out);
        }
        return target;
    }

    /** Changes one base64 letter well inside the body: still valid base64, different ciphertext. */
    static Path tamper(Path sealed) throws Exception {
        byte[] bytes = Files.readAllBytes(sealed);
        int at = bytes.length * 7 / 10;
        while (!Character.isLetter(bytes[at])) {
            at++;
        }
        bytes[at] = (byte) (bytes[at] == 'A' ? 'B' : 'A');
        Files.write(sealed, bytes);
        return sealed;
    }
}
