package org.radpost.wire.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.james.mime4j.io.MaxHeaderLimitException;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.util.MimeUtil;
import org.radpost.wire.Sha256;
import org.radpost.wire.tls.OwnerOnly;

/**
 * Mime4j content handler: keeps every entity's headers, streams DICOM bodies to files while hashing them,
 * and keeps in memory only the two texts a receipt is read from (its disposition-notification part and the
 * first plain-text part), each up to a small limit. Every other body is drained, never held: a message of
 * thousands of text parts costs no more heap than one. Parts and header bytes are capped too, so no message
 * under the size cap can fill the heap with entities.
 */
final class MimeCollector extends AbstractContentHandler {
    private static final int SMALL_TEXT_LIMIT = 64 * 1024;
    /** One part per object (the top header holds at most 20,000 object headers), and some room for text parts. */
    static final int MAX_ENTITIES = 25_000;
    /** Header characters over all entities; a 20,000-object message needs about 15 MB. */
    static final long MAX_HEADER_CHARS = 24L * 1024 * 1024;
    /** What a kept header costs besides its characters (the array and two strings). */
    private static final int HEADER_OVERHEAD = 64;

    private final Path workDir;
    private final Deque<MimeEntity> open = new ArrayDeque<>();
    final List<MimeEntity> entities = new ArrayList<>();
    private int fileCounter;
    private long headerChars;
    private boolean receiptTextKept;
    private boolean explanationKept;

    MimeCollector(Path workDir) {
        this.workDir = workDir;
    }

    MimeEntity top() {
        return entities.get(0);
    }

    @Override
    public void startMessage() throws MaxHeaderLimitException {
        begin();
    }

    @Override
    public void startBodyPart() throws MaxHeaderLimitException {
        begin();
    }

    private void begin() throws MaxHeaderLimitException {
        if (entities.size() >= MAX_ENTITIES) {
            throw new MaxHeaderLimitException("the message has more than " + MAX_ENTITIES + " MIME parts");
        }
        MimeEntity entity = new MimeEntity();
        entities.add(entity);
        open.push(entity);
    }

    @Override
    public void endMessage() {
        open.pop();
    }

    @Override
    public void endBodyPart() {
        open.pop();
    }

    @Override
    public void field(Field field) throws MaxHeaderLimitException {
        String[] header = {field.getName(), MimeUtil.unfold(field.getBody())};
        headerChars += header[0].length() + header[1].length() + HEADER_OVERHEAD;
        if (headerChars > MAX_HEADER_CHARS) {
            throw new MaxHeaderLimitException("the message's headers together pass " + (MAX_HEADER_CHARS >> 20) + " MB");
        }
        open.peek().headers.add(header);
    }

    @Override
    public void body(BodyDescriptor descriptor, InputStream in) throws IOException {
        MimeEntity entity = open.peek();
        entity.mimeType = descriptor.getMimeType();
        if (entity.isDicom()) {
            Path file = workDir.resolve("object-" + (++fileCounter) + ".dcm");
            MessageDigest digest = Sha256.newDigest();
            try (InputStream hashing = new DigestInputStream(in, digest); OutputStream out = OwnerOnly.replacing(file)) {
                entity.bodySize = hashing.transferTo(out);
            }
            entity.bodyFile = file;
            entity.computedSha256 = Sha256.of(digest.digest()).hex();
        } else if (keepsText(entity)) {
            byte[] text = in.readNBytes(SMALL_TEXT_LIMIT);
            entity.smallText = new String(text, charset(descriptor));
            drain(in); // anything past the limit goes without being kept
        } else {
            drain(in);
        }
    }

    /** Only the texts {@link ReceiptParser} reads: the first disposition notification and the first plain text. */
    private boolean keepsText(MimeEntity entity) {
        String type = entity.mimeType.toLowerCase(java.util.Locale.ROOT);
        if (type.equals("message/disposition-notification") && !receiptTextKept) {
            receiptTextKept = true;
            return true;
        }
        if (type.equals("text/plain") && entity != top() && !explanationKept) {
            explanationKept = true;
            return true;
        }
        return false;
    }

    private static java.nio.charset.Charset charset(BodyDescriptor descriptor) {
        String name = descriptor.getCharset();
        try {
            return name == null || !java.nio.charset.Charset.isSupported(name) ? java.nio.charset.StandardCharsets.US_ASCII
                    : java.nio.charset.Charset.forName(name);
        } catch (java.nio.charset.IllegalCharsetNameException e) {
            return java.nio.charset.StandardCharsets.US_ASCII;
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] skip = new byte[8192];
        while (in.read(skip) != -1) {
            // read and forget: InputStream.skip may stop early on a decoding stream
        }
    }
}
