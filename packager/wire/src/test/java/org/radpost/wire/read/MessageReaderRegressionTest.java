package org.radpost.wire.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that once made the reader throw something other than {@link WireFormatException}, found by
 * {@link MessageReaderFuzzTest} and kept here, reduced to what matters, so they run in every build.
 */
class MessageReaderRegressionTest {
    private static final String RECEIPT_HEADERS = "From: datacenter@radpost.test\r\nTo: center1@radpost.test\r\n"
            + "Message-ID: <r@radpost.test>\r\nMIME-Version: 1.0\r\nX-RadPost-Version: 1\r\nX-RadPost-Object-Type: receipt\r\n"
            + "X-RadPost-Study-UID: 1.2.3\r\nContent-Type: multipart/report; report-type=disposition-notification; boundary=b\r\n\r\n";

    @TempDir
    Path dir;

    @Test
    void aTextPartWithAnIllegalCharsetNameIsReadNotThrown() throws Exception {
        // Found as: the overlay seed with 7 bytes cut from "charset=US-ASCII\r\nContent-Transfer-Encoding".
        String message = RECEIPT_HEADERS
                + "--b\r\nContent-Type: text/plain; charset=US-Content-Transfer-Encoding: 7bit\r\n\r\nThe study was viewed.\r\n"
                + "--b\r\nContent-Type: message/disposition-notification\r\n\r\n" + fields("viewed") + "--b--\r\n";

        ReadMessage read = read(message);

        assertThat(read.receipt()).hasValueSatisfying(r -> assertThat(r.explanation()).isEqualTo("The study was viewed."));
    }

    @Test
    void transferEncodedTextPartsAreDecoded() throws Exception {
        // Receipts from other mail software may carry their texts quoted-printable or base64.
        String message = RECEIPT_HEADERS
                + "--b\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "The study was =\r\nviewed =3D ok.\r\n"
                + "--b\r\nContent-Type: message/disposition-notification\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + java.util.Base64.getMimeEncoder().encodeToString(fields("viewed").getBytes(StandardCharsets.US_ASCII)) + "\r\n--b--\r\n";

        ReadMessage read = read(message);

        assertThat(read.receipt()).hasValueSatisfying(r -> assertThat(r.explanation()).isEqualTo("The study was viewed = ok."));
    }

    private static String fields(String status) {
        return "Reporting-UA: radpost; RadPost 0.1\r\nFinal-Recipient: rfc822; datacenter@radpost.test\r\n"
                + "Disposition: automatic-action/MDN-sent-automatically; displayed\r\nRadPost-Status: " + status + "\r\n"
                + "RadPost-Study-UID: 1.2.3\r\nRadPost-At: 2026-11-23T10:15:30Z\r\n";
    }

    private ReadMessage read(String message) throws Exception {
        return new MessageReader().read(new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)),
                Files.createTempDirectory(dir, "work"));
    }
}
