package org.radpost.packager.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.packager.outbox.OutboxEntry;
import org.radpost.wire.read.MessageReader;
import org.radpost.wire.read.ReadMessage;
import org.radpost.wire.smime.Certificates;
import org.radpost.wire.smime.SmimeIdentity;
import org.radpost.wire.smime.SmimeOpener;
import org.radpost.wire.tls.DeploymentCa;
import org.radpost.wire.transport.SampleMessages;

/** With the smime.* settings the packager signs and encrypts each message before it enters the outbox. */
class SmimeSealingTest {
    private static final char[] PASSWORD = "store-password".toCharArray();
    @TempDir
    Path dir;
    private SmimeIdentity dataCenter;
    private DeploymentCa ca;

    @BeforeEach
    void issue() throws Exception {
        ca = DeploymentCa.create(dir.resolve("tls"), "RadPost test CA", PASSWORD);
        ca.issue("center1", SampleMessages.ADDRESSING.from(), List.of());
        dataCenter = SmimeIdentity.load(ca.issue("smime", "datacenter@radpost.test", List.of()).keyStore(), PASSWORD);
        Certificates.write(dataCenter.certificate(), dir.resolve("tls/smime.pem"));
    }

    @Test
    void messagesRestInTheOutboxSignedAndEncryptedAndOpenToTheStudyAtTheDataCenter() throws Exception {
        PackagerSettings settings = settings(Map.of("smime.keystore", "tls/center1.p12", "smime.keystore.password",
                new String(PASSWORD), "smime.datacenter-certificate", "tls/smime.pem"));
        SampleMessages sample = SampleMessages.write(dir.resolve("study"), 2, 20_000_000);

        List<OutboxEntry> queued = new PackagerContext(settings).packager(SampleMessages.ADDRESSING.to()).pack(sample.study());

        assertThat(queued).hasSize(1);
        OutboxEntry entry = queued.get(0);
        assertThat(entry.studyUid()).isEqualTo(sample.study().studyUid().value()); // envelope headers stay readable
        String atRest = Files.readString(entry.eml(), StandardCharsets.ISO_8859_1);
        assertThat(atRest).contains("application/pkcs7-mime").doesNotContain("application/dicom");
        Path opened = dir.resolve("opened.eml");
        new SmimeOpener(dataCenter, List.of(ca.certificate())).open(entry.eml(), SampleMessages.ADDRESSING.from(), Instant.now(), opened);
        Files.createDirectories(dir.resolve("read"));
        try (var in = Files.newInputStream(opened)) {
            ReadMessage read = new MessageReader().read(in, dir.resolve("read"));
            assertThat(read.objects()).hasSize(2);
            assertThat(read.messageId()).isEqualTo(entry.messageId());
        }
    }

    @Test
    void withoutSmimeSettingsMessagesAreQueuedAsWritten() throws Exception {
        SampleMessages sample = SampleMessages.write(dir.resolve("study"), 1, 20_000_000);
        OutboxEntry entry = new PackagerContext(settings(Map.of())).packager(SampleMessages.ADDRESSING.to()).pack(sample.study()).get(0);
        assertThat(Files.readString(entry.eml(), StandardCharsets.ISO_8859_1)).contains("application/dicom");
    }

    @Test
    void halfTheSmimeSettingsIsRefusedNamingWhatIsMissing() throws Exception {
        PackagerSettings settings = settings(Map.of("smime.keystore", "tls/center1.p12"));
        assertThatThrownBy(settings::smime).isInstanceOf(SettingsException.class)
                .hasMessageContaining("smime.keystore.password").hasMessageContaining("smime.datacenter-certificate");
    }

    private PackagerSettings settings(Map<String, String> smime) throws Exception {
        StringBuilder text = new StringBuilder("from=" + SampleMessages.ADDRESSING.from() + "\noutbox=outbox\n");
        smime.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path file = dir.resolve("packager.properties");
        Files.writeString(file, text);
        return PackagerSettings.load(file, Map.of());
    }
}
