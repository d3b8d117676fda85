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
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.util.CharsetUtil;
import org.apache.james.mime4j.util.MimeUtil;
import org.radpost.wire.Sha256;

/**
 * Mime4j content handler: keeps every entity's headers, streams DICOM bodies to files while hashing them,
 * and keeps only small text bodies (receipts) in memory.
 */
final class MimeCollector extends AbstractContentHandler {
    private static final int SMALL_TEXT_LIMIT = 256 * 1024;

    private final Path workDir;
    private final Deque<MimeEntity> open = new ArrayDeque<>();
    final List<MimeEntity> entities = new ArrayList<>();
    private int fileCounter;

    MimeCollector(Path workDir) {
        this.workDir = workDir;
    }

    MimeEntity top() {
        return entities.get(0);
    }

    @Override
    public void startMessage() {
        begin();
    }

    @Override
    public void startBodyPart() {
        begin();
    }

    private void begin() {
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
    public void field(Field field) {
        open.peek().headers.add(new String[] {field.getName(), MimeUtil.unfold(field.getBody())});
    }

    @Override
    public void body(BodyDescriptor descriptor, InputStream in) throws IOException {
        MimeEntity entity = open.peek();
        entity.mimeType = descriptor.getMimeType();
        if (entity.isDicom()) {
            Path file = workDir.resolve("object-" + (++fileCounter) + ".dcm");
            MessageDigest digest = Sha256.newDigest();
            try (InputStream hashing = new DigestInputStream(in, digest); OutputStream out = Files.newOutputStream(file)) {
                entity.bodySize = hashing.transferTo(out);
            }
            entity.bodyFile = file;
            entity.computedSha256 = Sha256.of(digest.digest()).hex();
        } else {
            byte[] text = in.readNBytes(SMALL_TEXT_LIMIT);
            // Mime4j's lookup answers null for unknown and illegal names alike (Charset.isSupported throws on the latter).
            java.nio.charset.Charset charset = descriptor.getCharset() == null ? null : CharsetUtil.lookup(descriptor.getCharset());
            entity.smallText = new String(text, charset == null ? java.nio.charset.StandardCharsets.US_ASCII : charset);
            in.skip(Long.MAX_VALUE); // drain anything past the limit without keeping it
        }
    }
}
