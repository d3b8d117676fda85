package org.radpost.wire.read;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.NoSuchElementException;

/**
 * A RadPost-looking message of many text/plain parts, generated as it is read (never held whole): the shape
 * that once made the reader keep every part's text in the heap.
 */
final class ManyTextParts {
    private ManyTextParts() {
    }

    /** {@code parts} text parts of {@code bytesPerPart} bytes each, in 76-character lines. */
    static InputStream message(int parts, int bytesPerPart) {
        String head = "X-RadPost-Version: 1\r\nX-RadPost-Object-Type: receipt\r\nX-RadPost-Study-UID: 1.2.3\r\nMessage-ID: <many@radpost.test>\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n";
        byte[] line = ("x".repeat(74) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[bytesPerPart / line.length * line.length];
        for (int i = 0; i < body.length; i += line.length) {
            System.arraycopy(line, 0, body, i, line.length);
        }
        byte[] partHead = "--b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] partEnd = "\r\n".getBytes(StandardCharsets.US_ASCII);
        Enumeration<InputStream> pieces = new Enumeration<>() {
            private int piece;
            private final int last = 1 + parts * 3;

            @Override
            public boolean hasMoreElements() {
                return piece <= last;
            }

            @Override
            public InputStream nextElement() {
                if (piece > last) {
                    throw new NoSuchElementException();
                }
                int p = piece++;
                if (p == 0) {
                    return bytes(head.getBytes(StandardCharsets.US_ASCII));
                }
                if (p == last) {
                    return bytes("--b--\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                return bytes(switch ((p - 1) % 3) {
                    case 0 -> partHead;
                    case 1 -> body;
                    default -> partEnd;
                });
            }
        };
        return new SequenceInputStream(pieces);
    }

    private static InputStream bytes(byte[] b) {
        return new ByteArrayInputStream(b);
    }
}
