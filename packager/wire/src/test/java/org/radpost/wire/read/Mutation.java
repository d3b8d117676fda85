package org.radpost.wire.read;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** One change to a message's bytes, placed at a fraction of its length so it applies to any message. */
sealed interface Mutation {
    byte[] apply(byte[] message);

    /** Tokens that make a reader take a different path than random bytes do. */
    String[] TOKENS = {"\r\n", "\r\n\r\n", "\n", "\r", "--", "------=_Part_", ";", "\"", "\\", "=", "<", ">", "\u0000",
            "X-RadPost-Version: 2\r\n", "X-RadPost-Version: 1\r\n", "X-RadPost-Object-Type: receipt\r\n",
            "X-RadPost-Object-Type: image\r\n", "X-RadPost-Object: image; uid=1.2.3; sha256=00; size=-1\r\n",
            "X-RadPost-Object: ; uid=\r\n", "X-RadPost-Part: 0/0\r\n", "X-RadPost-Part: 2147483648/1\r\n",
            "X-RadPost-Part: /\r\n", "X-RadPost-Object-Count: -1\r\n", "X-RadPost-Study-UID: \r\n",
            "X-RadPost-SOP-Instance-UID: 1.2.3\r\n", "X-RadPost-SHA256: zz\r\n",
            "Content-Type: multipart/mixed; boundary=\"\"\r\n", "Content-Type: multipart/report; boundary=x\r\n",
            "Content-Type: message/disposition-notification\r\n", "Content-Type: application/dicom\r\n",
            "Content-Transfer-Encoding: base64\r\n", "Content-Transfer-Encoding: quoted-printable\r\n",
            "=?UTF-8?B?AAAA?=", "RadPost-Status: viewed\r\n", "RadPost-Status: \r\n", "RadPost-At: yesterday\r\n",
            "RadPost-Object: image\r\n", "RadPost-Object: image; uid=\r\n", "RadPost-Object: image; uid=1.2; text=\"\\\r\n",
            "RadPost-Object: ;;;\r\n", "RadPost-Study-UID: 9\r\n", "Final-Recipient: \r\n", "References: <<>>\r\n"};

    record Truncate(double at) implements Mutation {
        public byte[] apply(byte[] m) {
            return java.util.Arrays.copyOf(m, index(m, at));
        }
    }

    record Overwrite(double at, byte value) implements Mutation {
        public byte[] apply(byte[] m) {
            byte[] copy = m.clone();
            if (copy.length > 0) {
                copy[Math.min(copy.length - 1, index(m, at))] = value;
            }
            return copy;
        }
    }

    record Insert(double at, byte[] bytes) implements Mutation {
        public byte[] apply(byte[] m) {
            return applyAt(m, index(m, at));
        }

        byte[] applyAt(byte[] m, int i) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(m.length + bytes.length);
            out.write(m, 0, i);
            out.writeBytes(bytes);
            out.write(m, i, m.length - i);
            return out.toByteArray();
        }
    }

    record Delete(double at, int length) implements Mutation {
        public byte[] apply(byte[] m) {
            return applyAt(m, index(m, at));
        }

        byte[] applyAt(byte[] m, int i) {
            int end = Math.min(m.length, i + length);
            ByteArrayOutputStream out = new ByteArrayOutputStream(m.length);
            out.write(m, 0, i);
            out.write(m, end, m.length - end);
            return out.toByteArray();
        }
    }

    /** Repeats a stretch of the message in place: duplicate headers, parts and boundaries. */
    record Repeat(double at, int length, int times) implements Mutation {
        public byte[] apply(byte[] m) {
            int i = index(m, at);
            int end = Math.min(m.length, i + length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(m, 0, end);
            for (int k = 0; k < times; k++) {
                out.write(m, i, end - i);
            }
            out.write(m, end, m.length - end);
            return out.toByteArray();
        }
    }

    /** Puts a token at the start of a line, where headers, fields and boundaries begin. */
    record InsertLine(double at, String line) implements Mutation {
        public byte[] apply(byte[] m) {
            return new Insert(0, line.getBytes(StandardCharsets.UTF_8)).applyAt(m, lineStart(m, index(m, at)));
        }
    }

    /** Replaces what follows the first ':' or '=' on a line (a header's or parameter's value) with other bytes. */
    record ReplaceValue(double at, byte[] value) implements Mutation {
        public byte[] apply(byte[] m) {
            int start = lineStart(m, index(m, at));
            int end = start;
            while (end < m.length && m[end] != '\n' && m[end] != '\r') {
                end++;
            }
            int colon = start;
            while (colon < end && m[colon] != ':' && m[colon] != '=') {
                colon++;
            }
            if (colon >= end) {
                return m;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(m.length + value.length);
            out.write(m, 0, colon + 1);
            out.writeBytes(value);
            out.write(m, end, m.length - end);
            return out.toByteArray();
        }
    }

    /** Removes whole lines: a header, a boundary, a field. */
    record DeleteLines(double at, int lines) implements Mutation {
        public byte[] apply(byte[] m) {
            int start = lineStart(m, index(m, at));
            int end = start;
            for (int k = 0; k < lines && end < m.length; k++) {
                while (end < m.length && m[end] != '\n') {
                    end++;
                }
                end = Math.min(m.length, end + 1);
            }
            return new Delete(0, end - start).applyAt(m, start);
        }
    }

    private static int lineStart(byte[] m, int i) {
        int start = Math.min(i, m.length);
        while (start > 0 && m[start - 1] != '\n') {
            start--;
        }
        return start;
    }

    private static int index(byte[] m, double at) {
        return (int) Math.min(m.length, Math.floor(at * (m.length + 1)));
    }

    static Arbitrary<Mutation> any() {
        Arbitrary<Double> at = Arbitraries.doubles().between(0, 1);
        Arbitrary<byte[]> bytes = Arbitraries.oneOf(
                Arbitraries.of(TOKENS).map(t -> t.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64));
        return Arbitraries.oneOf(
                at.map(Truncate::new),
                Combinators.combine(at, Arbitraries.bytes()).as(Overwrite::new),
                Combinators.combine(at, bytes).as(Insert::new),
                Combinators.combine(at, Arbitraries.integers().between(1, 400)).as(Delete::new),
                Combinators.combine(at, Arbitraries.integers().between(1, 200), Arbitraries.integers().between(1, 20)).as(Repeat::new),
                Combinators.combine(at, Arbitraries.of(TOKENS)).as(InsertLine::new),
                Combinators.combine(at, bytes).as(ReplaceValue::new),
                Combinators.combine(at, Arbitraries.integers().between(1, 5)).as(DeleteLines::new));
    }
}
