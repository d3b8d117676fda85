package org.radpost.wire.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Priority;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptEntry;
import org.radpost.wire.receipt.ReceiptStatus;
import org.radpost.wire.receipt.ReceiptWriter;

/**
 * Fuzzes the MIME reader and the receipt parser with messages the writers produce, then truncated, overwritten,
 * cut and repeated: whatever arrives, the reader returns a message or refuses it with a {@link WireFormatException}
 * and leaves no file behind; never another exception. Inputs stay small (seeds of a few kB, bounded mutations), so
 * the property runs in the module's ordinary test JVM (-Xmx256m, see pom.xml). Inputs that once failed are kept as
 * plain tests in {@link MessageReaderRegressionTest}.
 */
class MessageReaderFuzzTest {
    private static final Path ROOT = tempRoot();
    private static final Map<String, byte[]> SEEDS = seeds();

    private final MessageReader reader = new MessageReader();

    /** A seed message and the changes made to it; printed by jqwik when a property fails. */
    record Sample(String seed, List<Mutation> mutations) {
        byte[] bytes() {
            byte[] message = SEEDS.get(seed);
            for (Mutation mutation : mutations) {
                message = mutation.apply(message);
            }
            return message;
        }
    }

    /** The properties below mean "no out-of-memory in the data center's heap" only if they run in one that size. */
    @Example
    void runsInTheDataCentersHeap() {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(256L * 1024 * 1024);
    }

    @Property(tries = 1000)
    void aMutatedMessageIsReadOrRefusedButNeverCrashesTheReader(@ForAll("mutated") Sample sample) throws IOException {
        readOrRefuse(sample.bytes());
    }

    @Property(tries = 200)
    void anyReceiptTheWriterMakesIsReadBackAsWritten(@ForAll("receipts") Receipt sent) throws Exception {
        Path file = Files.createTempFile(ROOT, "receipt", ".eml");
        new ReceiptWriter().write(sent, file);
        ReadMessage read = reader.read(Files.newInputStream(file), Files.createTempDirectory(ROOT, "work"));

        Receipt back = read.receipt().orElseThrow();
        assertThat(back.status()).isEqualTo(sent.status());
        assertThat(back.studyUid()).isEqualTo(sent.studyUid());
        assertThat(back.originalMessageId()).isEqualTo(sent.originalMessageId());
        assertThat(back.references()).isEqualTo(sent.references());
        assertThat(back.finalRecipient()).isEqualTo(sent.finalRecipient());
        assertThat(back.reason()).isEqualTo(sent.reason());
        assertThat(back.at()).isEqualTo(sent.at());
        assertThat(back.objects()).hasSameSizeAs(sent.objects());
        for (int i = 0; i < sent.objects().size(); i++) {
            ReceiptEntry expected = sent.objects().get(i);
            ReceiptEntry actual = back.objects().get(i);
            assertThat(actual.sopInstanceUid()).isEqualTo(expected.sopInstanceUid());
            assertThat(actual.type()).isEqualTo(expected.type());
            assertThat(actual.reasonCode()).isEqualTo(expected.reasonCode());
            // The MDN part is 7bit: what is not printable ASCII arrives as '?'.
            assertThat(actual.reason()).isEqualTo(expected.reason().replaceAll("[^\\x20-\\x7e]", "?"));
        }
    }

    private void readOrRefuse(byte[] message) throws IOException {
        Path work = Files.createTempDirectory(ROOT, "work");
        try {
            reader.read(new ByteArrayInputStream(message), work);
        } catch (WireFormatException refused) {
            try (Stream<Path> left = Files.list(work)) {
                assertThat(left).as("a refused message leaves no file behind (%s)", refused.getMessage()).isEmpty();
            }
        } finally {
            delete(work);
        }
    }

    @Provide
    Arbitrary<Sample> mutated() {
        return Combinators.combine(Arbitraries.of(List.copyOf(SEEDS.keySet())), Mutation.any().list().ofMinSize(1).ofMaxSize(6))
                .as(Sample::new);
    }

    @Provide
    Arbitrary<Receipt> receipts() {
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(120);
        Arbitrary<String> code = Arbitraries.strings().withCharRange('a', 'z').withChars('-').ofMinLength(1).ofMaxLength(30)
                .injectNull(0.3).map(c -> c == null ? "" : c);
        Arbitrary<String> uid = Arbitraries.integers().between(1, 99999).list().ofMinSize(2).ofMaxSize(8)
                .map(parts -> String.join(".", parts.stream().map(String::valueOf).toList()));
        Arbitrary<ReceiptEntry> entry = Combinators.combine(Arbitraries.of(ObjectType.IMAGE, ObjectType.OVERLAY, ObjectType.REPORT),
                uid, code, text).as((t, u, c, s) -> new ReceiptEntry(t, SopInstanceUid.of(u), c, s));
        Arbitrary<String> messageId = Arbitraries.strings().alpha().numeric().withChars('.', '-').ofMinLength(1).ofMaxLength(40)
                .map(s -> "<" + s + "@radpost.test>");
        return Combinators.combine(Arbitraries.of(ReceiptStatus.class), uid, code, text, entry.list().ofMaxSize(8),
                        messageId.list().ofMaxSize(4), Arbitraries.of("datacenter@radpost.test", "viewer1@radpost.test"))
                .as((status, study, reason, explanation, objects, references, recipient) -> new Receipt(status,
                        "datacenter@radpost.test", "center1@radpost.test", StudyUid.of(study), "", reason, explanation, objects,
                        Instant.parse("2026-11-23T10:15:30.123Z"), recipient, references));
    }

    @AfterContainer
    static void removeFiles() {
        delete(ROOT);
    }

    /** Small but complete messages of every type, as the writers make them. */
    private static Map<String, byte[]> seeds() {
        try {
            Map<String, byte[]> seeds = new LinkedHashMap<>();
            Path dir = Files.createTempDirectory(ROOT, "seeds");
            SampleStudy study = SampleStudy.ct().size(8, 8);
            study.writeImages(dir.resolve("images"), 2);
            StudyBatch images = scan(dir.resolve("images"));
            Addressing toViewer = new Addressing("center1@radpost.test", "viewer1@radpost.test", Priority.STAT);
            seeds.put("image", Files.readAllBytes(new MessageWriter().write(toViewer, images, dir.resolve("m1"), "b1").get(0)));
            SopInstanceUid image = images.objects().get(0).summary().sopInstanceUid();
            study.writePresentationState(dir.resolve("overlay"), image.value());
            Addressing back = new Addressing("viewer1@radpost.test", "center1@radpost.test", Priority.ROUTINE);
            seeds.put("overlay", Files.readAllBytes(new MessageWriter().write(back, scan(dir.resolve("overlay")), dir.resolve("m2"), "b2").get(0)));
            study.writeTextReport(dir.resolve("report"), "Findings: none.");
            seeds.put("report", Files.readAllBytes(new MessageWriter().write(back, scan(dir.resolve("report")), dir.resolve("m3"), "b3").get(0)));
            for (ReceiptStatus status : ReceiptStatus.values()) {
                Receipt receipt = new Receipt(status, "datacenter@radpost.test", "center1@radpost.test", images.studyUid(),
                        "<b1.1of2@radpost.test>", "checksum-mismatch", "", List.of(ReceiptEntry.of(ObjectType.IMAGE, image),
                        new ReceiptEntry(ObjectType.OVERLAY, image, "truncated", "the \"file\" ends; early\\")),
                        Instant.parse("2026-11-23T10:15:30Z"), "viewer1@radpost.test", List.of("<b1.2of2@radpost.test>"));
                Path file = dir.resolve(status.token() + ".eml");
                new ReceiptWriter().write(receipt, file);
                seeds.put(status.token(), Files.readAllBytes(file));
            }
            return seeds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StudyBatch scan(Path folder) {
        return new StudyScanner().scan(List.of(folder)).studies().get(0);
    }

    private static Path tempRoot() {
        try {
            return Files.createTempDirectory("reader-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // temporary files of a test run
        }
    }
}
