package org.radpost.wire.dicom;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Walks a DICOM file's element framing (tag, VR, length) from the preamble to the last byte, skipping every
 * value unread, and refuses the file when a declared length runs past the end of the data, or a sequence, an
 * item or encapsulated pixel data stops before its delimiter.
 *
 * <p>Why a walk of our own: PixelMed's reader ends the top-level data set quietly at the first end of file,
 * wherever it falls (inside an element, a sequence or an item), so a cut file reads as a shorter valid one.
 * This walk only compares lengths with the bytes that are there; PixelMed still parses every value.
 */
final class EncodingCheck {
    /** Deeper nesting than any real object has; a hostile file must not exhaust the stack. */
    private static final int MAX_DEPTH = 64;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_END = 0xFFFEE00D;
    private static final int SEQUENCE_END = 0xFFFEE0DD;
    private static final int PIXEL_DATA = tagInt(TagFromName.PixelData);
    private static final int FLOAT_PIXEL_DATA = tagInt(TagFromName.FloatPixelData);
    private static final int DOUBLE_PIXEL_DATA = tagInt(TagFromName.DoubleFloatPixelData);
    private static final int GROUP_LENGTH = tagInt(TagFromName.FileMetaInformationGroupLength);
    private static final Encoding META = new Encoding(true, false);

    /**
     * What the walk found: whether the top-level data set holds pixel data, its last top-level element (as a
     * tag number, 0 when there is none) and where the data set ends.
     */
    record Framing(boolean hasPixelData, int lastTag, long end) {
        /** True when a data set that ends here cannot hold {@code tag}: elements come in ascending tag order. */
        boolean endsBefore(AttributeTag tag) {
            return Integer.compareUnsigned(lastTag, tagInt(tag)) < 0;
        }
    }

    /** A framing defect with its sentence: where (byte offset), in which element, and what is wrong. */
    static final class Defect extends Exception {
        private final boolean truncated;

        Defect(boolean truncated, String message) {
            super(message, null, false, false);
            this.truncated = truncated;
        }

        /** True when the data ends early; false when the framing itself makes no sense. */
        boolean truncated() {
            return truncated;
        }
    }

    private final long fileSize;
    /** The enclosing items, innermost first, for messages such as "in item 3 of (300A,00B0) BeamSequence". */
    private final Deque<String> path = new ArrayDeque<>();
    private Source in;
    private boolean hasPixelData;
    private int lastTag;

    private EncodingCheck(long fileSize) {
        this.fileSize = fileSize;
    }

    /**
     * Walks the file: the File Meta Information (explicit VR little endian, when present) and then the data
     * set in {@code dataSetSyntax}, the syntax PixelMed read it with (stated or guessed).
     */
    static Framing check(Path file, TransferSyntax dataSetSyntax) throws Defect, IOException {
        EncodingCheck check = new EncodingCheck(Files.size(file));
        boolean preamble = hasPreamble(file);
        try (PushbackInputStream raw = new PushbackInputStream(new BufferedInputStream(Files.newInputStream(file), 64 * 1024), 8)) {
            check.in = check.new Source(raw, true);
            if (preamble) {
                check.in.skipValue(132, 0, "the preamble");
            }
            check.walkMetaHeader();
            Inflater inflater = new Inflater(true);
            try {
                if (dataSetSyntax.isDeflated()) {
                    // Offsets of a deflated data set count inflated bytes; every message says so.
                    check.in = check.new Source(new PushbackInputStream(new EndOfInput(
                            new InflaterInputStream(raw, inflater, 64 * 1024)), 8), false);
                }
                check.walkElements(new Encoding(dataSetSyntax.isExplicitVR(), dataSetSyntax.isBigEndian()), Long.MAX_VALUE, 0, null);
                if (dataSetSyntax.isDeflated() && !inflater.finished()) {
                    throw new Defect(true, "the file ends at byte " + check.fileSize + " before the end of its deflated data set"
                            + " (after " + check.in.position() + " inflated bytes)");
                }
            } finally {
                inflater.end();
            }
            return new Framing(check.hasPixelData, check.lastTag, check.in.position());
        }
    }

    private static boolean hasPreamble(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        }
    }

    /** Group 0002 elements, up to the end its group length names (when present) or the first other group. */
    private void walkMetaHeader() throws Defect, IOException {
        long metaEnd = Long.MAX_VALUE;
        while (in.position() < metaEnd) {
            byte[] peek = in.peek(2);
            if (peek.length < 2 || ((peek[0] & 0xff) | (peek[1] & 0xff) << 8) != 0x0002) {
                return;
            }
            Element element = readHeader(META);
            if (element.tag == GROUP_LENGTH && element.length == 4) {
                long groupLength = in.readUnsigned32(META, element.tag, element.start);
                metaEnd = in.position() + groupLength;
                continue;
            }
            if (element.length == UNDEFINED) {
                throw new Defect(false, element.describe() + " at byte " + element.start
                        + " in the File Meta Information has an undefined length");
            }
            in.skipValue(element.length, element.start, element.describe());
        }
    }

    /**
     * Walks elements until {@code end} (an item's defined length), an Item Delimitation (an item of undefined
     * length, named by {@code item}), or, at the top level ({@code item} null), the end of the file.
     */
    private void walkElements(Encoding encoding, long end, int depth, String item) throws Defect, IOException {
        while (true) {
            long start = in.position();
            if (start == end) {
                return;
            }
            if (start > end) {
                throw new Defect(false, "an element runs past the end of " + item + " at byte " + end + in.unit());
            }
            if (in.atEnd()) {
                if (item == null) {
                    return; // the file ends after a whole top-level element: the only clean end
                }
                throw new Defect(true, "the file ends at byte " + start + in.unit() + " inside " + item + where()
                        + ", before the item ends");
            }
            Element element = readHeader(encoding);
            if (element.tag == ITEM_END) {
                if (item != null && end == Long.MAX_VALUE) {
                    return;
                }
                continue; // a stray delimiter, which PixelMed skips too
            }
            if (element.tag == SEQUENCE_END && item == null) {
                continue; // a stray sequence delimiter after encapsulated pixel data (some ultrasound writers)
            }
            if (element.tag == SEQUENCE_END || element.tag == ITEM) {
                throw new Defect(false, "a misplaced " + (element.tag == ITEM ? "item" : "sequence delimiter") + " at byte "
                        + start + in.unit() + (item == null ? " in the data set" : " inside " + item) + where());
            }
            if (depth == 0) {
                lastTag = element.tag;
            }
            if (depth == 0 && (element.tag == PIXEL_DATA || element.tag == FLOAT_PIXEL_DATA || element.tag == DOUBLE_PIXEL_DATA)) {
                hasPixelData = true;
            }
            if (element.length != UNDEFINED) {
                if (end != Long.MAX_VALUE && in.position() + element.length > end) {
                    throw new Defect(false, element.describe() + " at byte " + start + in.unit() + " declares " + element.length
                            + " bytes, which run past the end of " + item + where());
                }
                in.skipValue(element.length, start, element.describe() + where());
            } else if (element.tag == PIXEL_DATA && depth == 0 && encoding.explicit && !"UN".equals(element.vr)) {
                walkFragments(encoding, element);
            } else if (!encoding.explicit || "SQ".equals(element.vr) || "UN".equals(element.vr)) {
                // An undefined length marks a sequence; the items of a UN sequence are implicit VR little endian.
                walkItems("UN".equals(element.vr) ? new Encoding(false, false) : encoding, element, depth + 1);
            } else {
                throw new Defect(false, element.describe() + " at byte " + start + in.unit() + where() + " has an undefined length,"
                        + " which only sequences and encapsulated pixel data may have");
            }
        }
    }

    /** The items of a sequence of undefined length, up to its Sequence Delimitation. */
    private void walkItems(Encoding encoding, Element sequence, int depth) throws Defect, IOException {
        if (depth > MAX_DEPTH) {
            throw new Defect(false, sequence.describe() + " at byte " + sequence.start + in.unit() + " nests sequences deeper than "
                    + MAX_DEPTH);
        }
        for (int number = 1; ; number++) {
            long start = in.position();
            if (in.atEnd()) {
                throw new Defect(true, "the file ends at byte " + start + in.unit() + " inside " + sequence.describe() + where()
                        + ", which starts at byte " + sequence.start + in.unit() + ", after " + (number - 1)
                        + " item(s) and before the sequence's delimiter");
            }
            int tag = in.readTag(encoding, "an item of " + sequence.describe() + where());
            long length = in.readUnsigned32(encoding, tag, start);
            if (tag == SEQUENCE_END) {
                return;
            }
            if (tag != ITEM) {
                throw new Defect(false, sequence.describe() + where() + " holds " + tagText(tag) + " at byte " + start + in.unit()
                        + " where an item or the sequence's end belongs");
            }
            String item = "item " + number + " of " + sequence.describe();
            path.push(item);
            try {
                if (length == UNDEFINED) {
                    walkElements(encoding, Long.MAX_VALUE, depth, item);
                } else {
                    walkElements(encoding, in.position() + length, depth, item);
                }
            } finally {
                path.pop();
            }
        }
    }

    /** Encapsulated pixel data: the offset table and each fragment, up to the Sequence Delimitation. */
    private void walkFragments(Encoding encoding, Element pixelData) throws Defect, IOException {
        for (int fragment = 0; ; fragment++) {
            long start = in.position();
            if (in.atEnd()) {
                throw new Defect(true, "the file ends at byte " + start + in.unit() + " inside " + pixelData.describe()
                        + ", which starts at byte " + pixelData.start + in.unit() + ", after " + fragment
                        + " fragment(s) and before the delimiter that ends them");
            }
            int tag = in.readTag(encoding, "a fragment of " + pixelData.describe());
            long length = in.readUnsigned32(encoding, tag, start);
            if (tag == SEQUENCE_END) {
                return;
            }
            if (tag != ITEM || length == UNDEFINED) {
                throw new Defect(false, pixelData.describe() + " holds " + tagText(tag) + " at byte " + start + in.unit()
                        + " where a fragment or the end of the fragments belongs");
            }
            in.skipValue(length, start, (fragment == 0 ? "the offset table" : "fragment " + fragment) + " of "
                    + pixelData.describe());
        }
    }

    private Element readHeader(Encoding encoding) throws Defect, IOException {
        long start = in.position();
        int tag = in.readTag(encoding, "an element" + (path.isEmpty() ? "" : " in " + path.peek()));
        if (tag >>> 16 == 0xFFFE || !encoding.explicit) {
            // Items and delimiters never have a VR; implicit VR has none either. The length has 4 bytes.
            return new Element(tag, "", in.readUnsigned32(encoding, tag, start), start);
        }
        byte[] vr = in.readExactly(2, tag, start);
        if (!isUpper(vr[0]) || !isUpper(vr[1])) {
            // An implicit-VR element inside an explicit file (a known writer bug, which PixelMed tolerates):
            // these two bytes start a 4-byte length.
            byte[] rest = in.readExactly(2, tag, start);
            long length = encoding.bigEndian
                    ? (vr[0] & 0xffL) << 24 | (vr[1] & 0xffL) << 16 | (rest[0] & 0xffL) << 8 | rest[1] & 0xffL
                    : (rest[1] & 0xffL) << 24 | (rest[0] & 0xffL) << 16 | (vr[1] & 0xffL) << 8 | vr[0] & 0xffL;
            return new Element(tag, "", length, start);
        }
        String vrText = new String(vr, StandardCharsets.US_ASCII);
        if (hasShortLength(vrText)) {
            return new Element(tag, vrText, in.readUnsigned16(encoding, tag, start), start);
        }
        in.readExactly(2, tag, start); // reserved
        return new Element(tag, vrText, in.readUnsigned32(encoding, tag, start), start);
    }

    private static boolean isUpper(byte b) {
        return b >= 'A' && b <= 'Z';
    }

    /** The VRs whose explicit length has 16 bits (PS3.5 7.1.2); every other VR, present or future, has 32. */
    private static boolean hasShortLength(String vr) {
        return switch (vr) {
            case "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "PN", "SH", "SL", "SS", "ST", "TM",
                 "UI", "UL", "US" -> true;
            default -> false;
        };
    }

    /** Where the current element sits, e.g. " in item 2 of (0040,A730) ContentSequence", or nothing at top level. */
    private String where() {
        StringBuilder text = new StringBuilder();
        for (String item : path) {
            text.append(text.length() == 0 ? " in " : ", in ").append(item);
        }
        return text.toString();
    }

    /** A tag with its keyword, e.g. "(0028,0010) Rows". */
    static String tagText(int tag) {
        String name = DicomDictionary.StandardDictionary.getNameFromTag(new AttributeTag(tag >>> 16, tag & 0xFFFF));
        return String.format(Locale.ROOT, "(%04X,%04X)%s", tag >>> 16, tag & 0xFFFF, name == null ? "" : " " + name);
    }

    private static int tagInt(AttributeTag tag) {
        return tag.getGroup() << 16 | tag.getElement();
    }

    /** An inflater reports a cut stream as an EOFException; the walk wants a plain end of input there. */
    private static final class EndOfInput extends java.io.FilterInputStream {
        EndOfInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (java.io.EOFException e) {
                return -1;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (java.io.EOFException e) {
                return -1;
            }
        }

        /** Skips by reading, so the bytes inflated before a cut still count. */
        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, 64 * 1024)];
            long skipped = 0;
            while (skipped < n) {
                int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }
    }

    /** The byte order and VR rule of one part of the file. */
    private record Encoding(boolean explicit, boolean bigEndian) {}

    /** One element's header as read. */
    private record Element(int tag, String vr, long length, long start) {
        String describe() {
            return tagText(tag);
        }
    }

    /** The bytes being walked, with their position: reads element headers, skips values without reading them. */
    private final class Source {
        private final PushbackInputStream stream;
        /** True when positions are file offsets (so a length can be checked against the file size up front). */
        private final boolean fileOffsets;
        private long position;

        Source(PushbackInputStream stream, boolean fileOffsets) {
            this.stream = stream;
            this.fileOffsets = fileOffsets;
        }

        long position() {
            return position;
        }

        String unit() {
            return fileOffsets ? "" : " of the inflated data set";
        }

        boolean atEnd() throws IOException {
            int b = stream.read();
            if (b < 0) {
                return true;
            }
            stream.unread(b);
            return false;
        }

        byte[] peek(int count) throws IOException {
            byte[] bytes = stream.readNBytes(count);
            stream.unread(bytes);
            return bytes;
        }

        byte[] readExactly(int count, int tag, long elementStart) throws Defect, IOException {
            byte[] bytes = stream.readNBytes(count);
            position += bytes.length;
            if (bytes.length < count) {
                throw new Defect(true, "the file ends at byte " + position + unit() + " inside the header of " + tagText(tag)
                        + where() + ", which starts at byte " + elementStart + unit());
            }
            return bytes;
        }

        int readTag(Encoding encoding, String what) throws Defect, IOException {
            long start = position;
            byte[] b = stream.readNBytes(4);
            position += b.length;
            if (b.length < 4) {
                throw new Defect(true, "the file ends at byte " + position + unit() + " inside the tag of " + what
                        + ", which starts at byte " + start + unit());
            }
            int group = encoding.bigEndian ? (b[0] & 0xff) << 8 | b[1] & 0xff : (b[1] & 0xff) << 8 | b[0] & 0xff;
            int element = encoding.bigEndian ? (b[2] & 0xff) << 8 | b[3] & 0xff : (b[3] & 0xff) << 8 | b[2] & 0xff;
            return group << 16 | element;
        }

        long readUnsigned32(Encoding encoding, int tag, long elementStart) throws Defect, IOException {
            byte[] b = readExactly(4, tag, elementStart);
            return encoding.bigEndian
                    ? (b[0] & 0xffL) << 24 | (b[1] & 0xffL) << 16 | (b[2] & 0xffL) << 8 | b[3] & 0xffL
                    : (b[3] & 0xffL) << 24 | (b[2] & 0xffL) << 16 | (b[1] & 0xffL) << 8 | b[0] & 0xffL;
        }

        long readUnsigned16(Encoding encoding, int tag, long elementStart) throws Defect, IOException {
            byte[] b = readExactly(2, tag, elementStart);
            return encoding.bigEndian ? (b[0] & 0xff) << 8 | b[1] & 0xff : (b[1] & 0xff) << 8 | b[0] & 0xff;
        }

        /** Skips a value; a value longer than what is left is the truncation this class exists to find. */
        void skipValue(long length, long elementStart, String what) throws Defect, IOException {
            long valueStart = position;
            if (fileOffsets && valueStart + length > fileSize) {
                throw new Defect(true, "the file ends at byte " + fileSize + " inside " + what + ", which starts at byte "
                        + elementStart + " and declares " + length + " bytes of value (only " + (fileSize - valueStart)
                        + " are there)");
            }
            long left = length;
            while (left > 0) {
                long skipped = stream.skip(left);
                if (skipped <= 0) {
                    if (stream.read() < 0) {
                        break;
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
            position = valueStart + (length - left);
            if (left > 0) {
                throw new Defect(true, "the file ends at byte " + position + unit() + " inside " + what + ", which starts at byte "
                        + elementStart + unit() + " and declares " + length + " bytes of value (only " + (length - left)
                        + " are there)");
            }
        }
    }
}
