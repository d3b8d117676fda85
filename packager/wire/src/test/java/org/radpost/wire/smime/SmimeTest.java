package org.radpost.wire.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.wire.read.MessageReader;
import org.radpost.wire.read.ReadMessage;
import org.radpost.wire.tls.DeploymentCa;
import org.radpost.wire.transport.SampleMessages;

/** The negative security suite of S/MIME on one hop: every refusal with its own reason, and the round trip. */
class SmimeTest {
    private static final char[] PASSWORD = "test-password".toCharArray();
    private static final String CENTER = "center1@radpost.test";
    @TempDir Path dir;
    private DeploymentCa ca;
    private SmimeIdentity center;
    private SmimeIdentity otherCenter;
    private SmimeIdentity dataCenter;
    private SmimeIdentity viewer;
    private Path plain;

    @BeforeEach
    void setUp() throws IOException {
        ca = DeploymentCa.create(dir.resolve("ca"), "RadPost test CA", PASSWORD);
        center = identity(ca, "center1", CENTER);
        otherCenter = identity(ca, "center2", "center2@radpost.test");
        dataCenter = identity(ca, "datacenter", "datacenter@radpost.test");
        viewer = identity(ca, "viewer1", "viewer1@radpost.test");
        plain = SampleMessages.write(dir.resolve("study"), 3, 20_000_000).messages().get(0);
    }

    @Test
    void aSealedMessageOpensToTheSameMessageAndIsUnreadableAtRest() throws Exception {
        Path sealed = seal(center, dataCenter);

        Path opened = dir.resolve("opened.eml");
        SmimeOpener.Opened result = opener().open(sealed, CENTER, Instant.now(), opened);

        assertThat(result.signerAddresses()).contains(CENTER);
        ReadMessage original = read(plain, "o1");
        ReadMessage back = read(opened, "o2"); // the wire reader checks every object's SHA-256 and UIDs
        assertThat(back.messageId()).isEqualTo(original.messageId());
        assertThat(back.studyUid()).isEqualTo(original.studyUid());
        assertThat(back.objects()).hasSameSizeAs(original.objects());
        String sealedText = Files.readString(sealed, StandardCharsets.ISO_8859_1);
        assertThat(sealedText).contains("application/pkcs7-mime").doesNotContain("application/dicom")
                .contains("Message-ID: " + original.messageId());
    }

    @Test
    void aMessageSignedByAnotherAccountIsRefusedAsWrongSigner() throws Exception {
        Path sealed = seal(otherCenter, dataCenter);
        assertRefused(sealed, Instant.now(), SmimeFailure.WRONG_SIGNER);
    }

    @Test
    void aSignerFromAnotherCaIsRefusedAsUntrusted() throws Exception {
        DeploymentCa foreign = DeploymentCa.create(dir.resolve("foreign"), "Someone else's CA", PASSWORD);
        Path sealed = seal(identity(foreign, "center1", CENTER), dataCenter);
        assertRefused(sealed, Instant.now(), SmimeFailure.UNTRUSTED_CA);
    }

    @Test
    void anExpiredSignerCertificateIsRefused() throws Exception {
        Path sealed = seal(center, dataCenter);
        assertRefused(sealed, Instant.now().plus(Duration.ofDays(900)), SmimeFailure.CERTIFICATE_EXPIRED);
    }

    @Test
    void aMessageSignedWithAnAlreadyExpiredCertificateIsRefusedAsExpiredNotTampered() throws Exception {
        // The signature is made after the certificate expired, so its signing time lies outside the validity.
        SmimeIdentity expired = ExpiredCertificates.issue(dir.resolve("ca"), PASSWORD, CENTER);
        Path sealed = seal(expired, dataCenter);
        assertRefused(sealed, Instant.now(), SmimeFailure.CERTIFICATE_EXPIRED);
    }

    @Test
    void aTamperedBodyIsRefused() throws Exception {
        Path sealed = seal(center, dataCenter);
        byte[] bytes = Files.readAllBytes(sealed);
        int at = bytes.length * 7 / 10;
        while (!Character.isLetter(bytes[at])) {
            at++;
        }
        bytes[at] = (byte) (bytes[at] == 'A' ? 'B' : 'A'); // still valid base64, different ciphertext
        Files.write(sealed, bytes);
        assertRefused(sealed, Instant.now(), SmimeFailure.TAMPERED);
    }

    @Test
    void aMessageEncryptedToSomeoneElseIsUndecryptable() throws Exception {
        Path sealed = seal(center, viewer);
        assertRefused(sealed, Instant.now(), SmimeFailure.UNDECRYPTABLE);
    }

    @Test
    void aPlainMessageIsRefusedAsNotEncrypted() {
        assertRefused(plain, Instant.now(), SmimeFailure.NOT_ENCRYPTED);
    }

    private void assertRefused(Path sealed, Instant at, SmimeFailure failure) {
        assertThatThrownBy(() -> opener().open(sealed, CENTER, at, dir.resolve("refused.eml")))
                .isInstanceOfSatisfying(SmimeException.class, e -> assertThat(e.failure()).isEqualTo(failure))
                .hasMessageContaining(failure.sentence());
        assertThat(dir.resolve("refused.eml")).doesNotExist();
    }

    private ReadMessage read(Path message, String work) throws Exception {
        Files.createDirectories(dir.resolve(work));
        try (var in = Files.newInputStream(message)) {
            return new MessageReader().read(in, dir.resolve(work));
        }
    }

    private SmimeOpener opener() {
        return new SmimeOpener(dataCenter, List.of(ca.certificate()));
    }

    private Path seal(SmimeIdentity signer, SmimeIdentity recipient) throws IOException {
        Path sealed = dir.resolve("sealed-" + System.nanoTime() + ".eml");
        new SmimeSealer().seal(plain, signer, recipient.certificate(), sealed);
        return sealed;
    }

    private static SmimeIdentity identity(DeploymentCa ca, String alias, String address) throws IOException {
        return SmimeIdentity.load(ca.issue(alias, address, List.of()).keyStore(), PASSWORD);
    }
}
