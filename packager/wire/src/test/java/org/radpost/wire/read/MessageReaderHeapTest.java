package org.radpost.wire.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.wire.RejectReason;

/**
 * The reader's heap does not grow with the number of parts: a message of many text parts (three times the
 * heap in total) is read in a JVM with {@code -Xmx48m}, and absurd part and header counts are refused.
 */
class MessageReaderHeapTest {
    /** The reader's part limit (MimeCollector.MAX_ENTITIES). */
    static final int MAX_PARTS = 25_000;

    @TempDir
    Path folder;

    @Test
    void readsAMessageOfManyTextPartsThreeTimesTheHeapWithoutRunningOutOfMemory() throws Exception {
        // 600 parts of 256 kB: 150 MB of text, every part at the old per-part limit.
        Process reader = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-cp", System.getProperty("java.class.path"), LowHeapReaderMain.class.getName(),
                folder.toString(), "600", Integer.toString(256 * 1024)))
                .redirectErrorStream(true).start();
        String output = new String(reader.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(reader.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(output).doesNotContain("OutOfMemoryError");
        assertThat(reader.exitValue()).as(output).isZero();
        // Not a valid receipt (no disposition part): refused for what it is, after reading all of it.
        assertThat(output.strip()).isEqualTo("REFUSED bad-receipt");
    }

    @Test
    void refusesMorePartsThanAMessageCanCarry() {
        StringBuilder message = new StringBuilder("X-RadPost-Version: 1\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (int i = 0; i <= MAX_PARTS; i++) {
            message.append("--b\r\n\r\n");
        }
        message.append("--b--\r\n");
        assertThatThrownBy(() -> read(message.toString()))
                .isInstanceOfSatisfying(WireFormatException.class, e -> {
                    assertThat(e.error()).isEqualTo(RejectReason.LIMIT_EXCEEDED);
                    assertThat(e.detail()).contains(Integer.toString(MAX_PARTS));
                });
    }

    @Test
    void refusesACharsetNameThatIsNotLegalAsUnreadableNotAsAFault() throws Exception {
        String message = "X-RadPost-Version: 1\r\nX-RadPost-Object-Type: receipt\r\nX-RadPost-Study-UID: 1.2.3\r\n"
                + "Content-Type: multipart/report; report-type=disposition-notification; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain; charset=\"not a charset!\"\r\n\r\nhello\r\n--b--\r\n";
        assertThatThrownBy(() -> read(message)).isInstanceOf(WireFormatException.class);
    }

    private void read(String message) throws WireFormatException, IOException {
        new MessageReader().read(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)),
                Files.createDirectories(folder.resolve("work")));
    }
}
