package org.radpost.packager.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.ScanResult;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.tls.OwnerOnly;

/**
 * Turns DICOM files into queued messages: scans and groups them by study, writes each study's messages
 * (split at the size cap) and enqueues them. The CLI, the watched folder and the DICOM gateway all use it.
 */
public final class OutboxPackager {
    private final Outbox outbox;
    private final MessageWriter writer;
    private final Addressing addressing;
    private final StudyScanner scanner = new StudyScanner();
    private final Sealing sealing;

    /** Seals a written message (S/MIME: signs with the center's key, encrypts to the data center) before it is queued. */
    @FunctionalInterface
    public interface Sealing {
        void seal(Path plain, Path sealed) throws IOException;
    }

    public OutboxPackager(Outbox outbox, MessageWriter writer, Addressing addressing) {
        this(outbox, writer, addressing, null);
    }

    /**
     * With {@code sealing} every message is sealed before it enters the outbox, so it rests there encrypted; null
     * queues messages as written (the default until S/MIME is configured).
     */
    public OutboxPackager(Outbox outbox, MessageWriter writer, Addressing addressing, Sealing sealing) {
        this.outbox = outbox;
        this.writer = writer;
        this.addressing = addressing;
        this.sealing = sealing;
    }

    public Outbox outbox() {
        return outbox;
    }

    public Addressing addressing() {
        return addressing;
    }

    /** Scans the files and folders and queues every study found; skipped files are in the result. */
    public PackagingResult pack(List<Path> filesOrFolders) throws IOException {
        ScanResult scan = scanner.scan(filesOrFolders);
        List<OutboxEntry> queued = new ArrayList<>();
        for (StudyBatch study : scan.studies()) {
            queued.addAll(pack(study));
        }
        return new PackagingResult(scan, queued);
    }

    /** Writes one study's messages and queues them, in part order. */
    public List<OutboxEntry> pack(StudyBatch study) throws IOException {
        // A private folder per study: other processes write into incoming/ too.
        Path work = outbox.incoming().resolve(UUID.randomUUID().toString());
        try {
            List<OutboxEntry> queued = new ArrayList<>();
            for (Path eml : writer.write(addressing, study, work)) {
                queued.add(outbox.enqueue(sealed(eml)));
            }
            return queued;
        } finally {
            deleteTree(work);
        }
    }

    /** The message to queue: the sealed copy (same file name, so the outbox id stays) or the message as written. */
    private Path sealed(Path eml) throws IOException {
        if (sealing == null) {
            return eml;
        }
        Path folder = OwnerOnly.folder(eml.resolveSibling("sealed"));
        Path sealed = folder.resolve(eml.getFileName());
        sealing.seal(eml, sealed);
        Files.delete(eml);
        return sealed;
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
