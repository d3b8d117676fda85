package org.radpost.wire.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small deployment certificate authority: it issues the data center's server certificate and the
 * centers' and viewers' certificates (TLS client and S/MIME), and writes the trust store every side loads.
 * Files: {@code ca.p12} (the CA's key, keep it offline), {@code truststore.p12} (the CA certificate only). Every
 * key store and the folder are created readable by the owner only ({@link OwnerOnly}). The key stores and the trust
 * store may have different passwords: the trust store holds nothing secret, so its password can be the well-known
 * {@link #PUBLIC_TRUST_STORE_PASSWORD} every client is configured with, while the keys' stays private.
 */
public final class DeploymentCa {
    public static final String CA_FILE = "ca.p12";
    public static final String TRUSTSTORE_FILE = "truststore.p12";
    /** Held while a node checks for the CA and creates it ({@link #loadOrCreate}); empty. */
    public static final String LOCK_FILE = "ca.lock";
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    /** The trust store's password when it differs from the keys': it guards only the integrity of a public certificate. */
    public static final String PUBLIC_TRUST_STORE_PASSWORD = "changeit";
    private static final String ALIAS = "radpost-ca";

    private final Path folder;
    private final char[] password;
    private final char[] trustPassword;
    private final PrivateKey caKey;
    private final X509Certificate caCertificate;

    private DeploymentCa(Path folder, char[] password, char[] trustPassword, PrivateKey caKey, X509Certificate caCertificate) {
        this.folder = folder;
        this.password = password;
        this.trustPassword = trustPassword;
        this.caKey = caKey;
        this.caCertificate = caCertificate;
    }

    /** Creates a new CA in the folder (which must not already hold one); one password for keys and trust store. */
    public static DeploymentCa create(Path folder, String name, char[] password) throws IOException {
        return create(folder, name, password, password);
    }

    /** Creates a new CA in the folder, its key stores under {@code password}, its trust store under {@code trustPassword}. */
    public static DeploymentCa create(Path folder, String name, char[] password, char[] trustPassword) throws IOException {
        OwnerOnly.folder(folder);
        if (Files.exists(folder.resolve(CA_FILE))) {
            throw new IOException("a deployment CA already exists in " + folder + "; load it instead of creating another");
        }
        CaCreationHook.noCaYet();
        try {
            KeyPair keys = newKeyPair();
            X500Name subject = new X500Name("CN=" + name + ", O=RadPost deployment CA");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))), subject, keys.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder, keys.getPrivate());
            DeploymentCa ca = new DeploymentCa(folder, password.clone(), trustPassword.clone(), keys.getPrivate(), certificate);
            KeyStore store = emptyStore();
            store.setKeyEntry(ALIAS, keys.getPrivate(), password, new Certificate[] {certificate});
            ca.save(store, folder.resolve(CA_FILE), password);
            ca.writeTrustStore();
            return ca;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("could not create the deployment CA: " + e.getMessage(), e);
        }
    }

    /** Loads the CA written by {@link #create}, whose trust store has the same password as its keys. */
    public static DeploymentCa load(Path folder, char[] password) throws IOException {
        return load(folder, password, password);
    }

    /** Loads the CA written by {@link #create}; {@code trustPassword} is what issued identities name for the trust store. */
    public static DeploymentCa load(Path folder, char[] password, char[] trustPassword) throws IOException {
        Path file = folder.resolve(CA_FILE);
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return new DeploymentCa(folder, password.clone(), trustPassword.clone(), (PrivateKey) store.getKey(ALIAS, password),
                    (X509Certificate) store.getCertificate(ALIAS));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot open " + file + " (wrong password?): " + e.getMessage(), e);
        }
    }

    /** Loads the CA in the folder, creating it first when the folder has none. */
    public static DeploymentCa loadOrCreate(Path folder, String name, char[] password) throws IOException {
        return loadOrCreate(folder, name, password, password);
    }

    /**
     * As above, with the trust store's own password. Several data-center nodes may start at once on one shared data
     * folder: the check and the creation run under a file lock on {@link #LOCK_FILE} beside the CA, so one node
     * creates the CA and the others wait for it and load that one (without, each made its own and the last
     * overwrote the others', whose issued certificates then chained to no trusted CA).
     */
    public static DeploymentCa loadOrCreate(Path folder, String name, char[] password, char[] trustPassword) throws IOException {
        if (Files.exists(folder.resolve(CA_FILE)) && Files.exists(folder.resolve(TRUSTSTORE_FILE))) {
            return load(folder, password, trustPassword); // complete: no lock needed (a read-only folder loads too)
        }
        OwnerOnly.folder(folder);
        Path lockFile = folder.resolve(LOCK_FILE).toAbsolutePath().normalize();
        // A file lock is held per process: threads of one process take turns on this first.
        ReentrantLock threads = IN_PROCESS.computeIfAbsent(lockFile, f -> new ReentrantLock());
        threads.lock();
        try (FileChannel channel = OwnerOnly.writing(lockFile, StandardOpenOption.CREATE)) {
            if (channel.tryLock() == null) {
                CaCreationHook.lockBusy();
                channel.lock(); // another node is creating the CA: wait, then load its CA
            }
            if (!Files.exists(folder.resolve(CA_FILE))) {
                return create(folder, name, password, trustPassword);
            }
            DeploymentCa ca = load(folder, password, trustPassword);
            if (!Files.exists(folder.resolve(TRUSTSTORE_FILE))) {
                ca.writeTrustStore(); // its creator stopped between the two files
            }
            return ca;
        } finally {
            threads.unlock(); // the file lock went with the channel
        }
    }

    /**
     * Issues a certificate and key for a host, a center or a viewer, written as a PKCS12 key store at
     * {@code folder/<alias>.p12} with the CA's password. Host names and IP addresses become subject
     * alternative names, so TLS host-name verification works; a common name that is a mail address becomes an
     * rfc822Name too, the address S/MIME checks a signer against.
     */
    public TlsIdentity issue(String alias, String commonName, List<String> hostNamesOrAddresses) throws IOException {
        return issue(alias, commonName, hostNamesOrAddresses, password);
    }

    /** As above, the key store under its own password (one handed to a center or viewer, not the CA's). */
    public TlsIdentity issue(String alias, String commonName, List<String> hostNamesOrAddresses, char[] storePassword)
            throws IOException {
        try {
            KeyPair keys = newKeyPair();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(825))),
                    new X500Name("CN=" + commonName + ", O=RadPost"), keys.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_emailProtection}));
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(caCertificate));
            List<GeneralName> names = new ArrayList<>();
            if (commonName.contains("@")) {
                names.add(new GeneralName(GeneralName.rfc822Name, commonName));
            }
            for (String name : hostNamesOrAddresses) {
                boolean address = name.matches("[0-9.]+") || name.contains(":");
                names.add(new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, name));
            }
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            X509Certificate certificate = sign(builder, caKey);
            KeyStore store = emptyStore();
            store.setKeyEntry(alias, keys.getPrivate(), storePassword, new Certificate[] {certificate, caCertificate});
            Path file = folder.resolve(alias + ".p12");
            save(store, file, storePassword);
            return new TlsIdentity(file, storePassword.clone(), trustStore(), trustPassword.clone());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("could not issue a certificate for " + commonName + ": " + e.getMessage(), e);
        }
    }

    /** Writes the CA certificate as PEM, for clients that do not read PKCS12 (curl, swaks, fetchmail). */
    public Path writeCertificatePem(Path file) throws IOException {
        try {
            String body = java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .encodeToString(caCertificate.getEncoded());
            Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
            return file;
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException("cannot encode the CA certificate: " + e.getMessage(), e);
        }
    }

    private void writeTrustStore() throws IOException {
        try {
            KeyStore trust = emptyStore();
            trust.setCertificateEntry(ALIAS, caCertificate);
            save(trust, folder.resolve(TRUSTSTORE_FILE), trustPassword);
        } catch (GeneralSecurityException e) {
            throw new IOException("could not write the trust store in " + folder + ": " + e.getMessage(), e);
        }
    }

    public Path trustStore() {
        return folder.resolve(TRUSTSTORE_FILE);
    }

    public X509Certificate certificate() {
        return caCertificate;
    }

    private void save(KeyStore store, Path file, char[] storePassword) throws IOException, GeneralSecurityException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp); // a leftover from a crash; the new one is created owner-only
        try (OutputStream out = OwnerOnly.newFile(tmp)) {
            store.store(out, storePassword);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(96, new SecureRandom());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
    }
}
