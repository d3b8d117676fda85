package org.radpost.wire.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.radpost.wire.RejectReason;
import org.radpost.testkit.SampleObjects;
import org.radpost.testkit.SampleStudy;

/**
 * Fuzzes the DICOM header reader with cuts and mutations of generated files of every kind: it either reads a
 * file or refuses it with a {@link DicomFileException} that names the file and says why; nothing else ever
 * escapes (no RuntimeException, no StackOverflowError, no OutOfMemoryError). What the fuzzer found, and hostile
 * inputs built on purpose, are kept below as examples, built in code, so they run in every build.
 */
class DicomHeaderReaderFuzzTest {
    private static final Path DIR;
    /** One valid file per kind; each try mutates a copy. */
    private static final Map<String, byte[]> SEEDS = new LinkedHashMap<>();

    static {
        try {
            DIR = Files.createTempDirectory("dicom-fuzz");
            SampleStudy ct = SampleStudy.ct().size(32, 32);
            SampleObjects objects = new SampleObjects(ct);
            seed("ct-explicit-le", ct.writeImages(DIR.resolve("a"), 1).get(0));
            seed("ct-implicit-le", SampleStudy.ct().size(32, 32).transferSyntax(TransferSyntax.ImplicitVRLittleEndian)
                    .writeImages(DIR.resolve("b"), 1).get(0));
            seed("mr-big-endian", SampleStudy.of("MR", "P1", "ROE^R", "A1").size(32, 32).transferSyntax(TransferSyntax.ExplicitVRBigEndian)
                    .writeImages(DIR.resolve("c"), 1).get(0));
            seed("ct-deflate", SampleStudy.ct().size(32, 32).transferSyntax(TransferSyntax.DeflatedExplicitVRLittleEndian)
                    .writeImages(DIR.resolve("d"), 1).get(0));
            seed("us-jpeg-multiframe", SampleStudy.of("US", "P2", "ROE^S", "A2").size(32, 32).frames(3)
                    .transferSyntax(TransferSyntax.JPEGBaseline).writeImages(DIR.resolve("e"), 1).get(0));
            seed("ct-no-meta", SampleStudy.ct().size(32, 32).withoutMetaHeader().writeImages(DIR.resolve("f"), 1).get(0));
            seed("sr", objects.writeBasicTextSr(DIR, "No acute findings.", "Small effusion."));
            seed("rtplan", objects.writeRtPlan(DIR, 2));
            seed("ecg", objects.writeTwelveLeadEcg(DIR));
            seed("pdf", objects.writeEncapsulatedPdf(DIR));
            seed("ko", objects.writeKeyObjectSelection(DIR, "1.2.3.4"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void seed(String kind, Path file) throws IOException {
        SEEDS.put(kind, Files.readAllBytes(file));
    }

    private final DicomHeaderReader reader = new DicomHeaderReader();

    @AfterContainer
    static void cleanUp() throws IOException {
        try (var walk = Files.walk(DIR)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A cut anywhere in an image (its pixel data is the last element) never passes. */
    @Property(tries = 400)
    void everyCutOfAnImageIsRefusedWithAReason(@ForAll("images") String kind, @ForAll("fractions") double fraction) throws Exception {
        byte[] whole = SEEDS.get(kind);
        int cut = (int) Math.min(whole.length - 1, Math.round(whole.length * fraction));

        Outcome outcome = read(kind + "-cut-" + cut, Arrays.copyOf(whole, cut));

        assertThat(outcome.refusal()).as("%s cut at byte %d of %d was accepted", kind, cut, whole.length).isNotNull();
    }

    /** Cuts, flipped bytes, lengths set to "undefined" or to huge values, inserted and deleted runs: read or refused. */
    @Property(tries = 1500)
    void everyMutationOfEveryKindIsReadOrRefusedNeverCrashes(@ForAll("kinds") String kind, @ForAll("mutations") Mutation mutation)
            throws Exception {
        byte[] mutated = mutation.apply(SEEDS.get(kind));

        read(kind + "-" + mutation, mutated);
    }

    // Regression cases, rebuilt in code so they run in every build.

    /** Found by the fuzzer: a deflated image missing only the last byte of its deflate stream read as whole. */
    @Example
    void aDeflatedImageMissingTheLastByteOfItsDeflateStreamIsTruncated() throws Exception {
        byte[] whole = SEEDS.get("ct-deflate");

        Outcome outcome = read("deflate-last-byte", Arrays.copyOf(whole, whole.length - 1));

        assertThat(outcome.refusal()).isNotNull();
        assertThat(outcome.refusal().reason()).isEqualTo(RejectReason.TRUNCATED);
        assertThat(outcome.refusal().getMessage()).contains("deflated data set");
    }

    /**
     * PixelMed allocates a value's declared length before reading it: a header element claiming 0x7FFFFFF0 bytes
     * made it run out of heap (it catches the OutOfMemoryError itself and reads on). The framing walk refuses the
     * file before PixelMed parses the data set.
     */
    @Example
    void aHugeDeclaredLengthInTheHeaderIsRefusedBeforeAnythingIsAllocated() throws Exception {
        byte[] ct = SEEDS.get("ct-explicit-le").clone();
        int studyDescription = indexOf(ct, new byte[] {0x08, 0x00, 0x30, 0x10, 'L', 'O'});
        // LO has a 16-bit length; make the element a UT (32-bit length) that claims 2 GB.
        byte[] mutated = new byte[ct.length + 4];
        System.arraycopy(ct, 0, mutated, 0, studyDescription);
        byte[] header = {0x08, 0x00, 0x30, 0x10, 'U', 'T', 0, 0, (byte) 0xF0, (byte) 0xFF, (byte) 0xFF, 0x7F};
        System.arraycopy(header, 0, mutated, studyDescription, header.length);
        System.arraycopy(ct, studyDescription + 8, mutated, studyDescription + 12, ct.length - studyDescription - 8);

        Outcome outcome = read("huge-length", mutated);

        assertThat(outcome.refusal()).isNotNull();
        assertThat(outcome.refusal().reason()).isEqualTo(RejectReason.TRUNCATED);
        assertThat(outcome.refusal().getMessage()).contains("(0008,1030) StudyDescription").contains("declares 2147483632 bytes");
    }

    /** Sequences nested deeper than any real object (a self-similar hostile file) end in a refusal, not a StackOverflowError. */
    @Example
    void sequencesNestedThousandsDeepAreRefusedNotAStackOverflow() throws Exception {
        byte[] sr = SEEDS.get("sr");
        int content = indexOf(sr, new byte[] {0x40, 0x00, 0x30, (byte) 0xA7, 'S', 'Q'});
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(sr, 0, content);
        byte[] open = {0x40, 0x00, 0x30, (byte) 0xA7, 'S', 'Q', 0, 0, -1, -1, -1, -1, (byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, -1, -1, -1, -1};
        for (int i = 0; i < 5000; i++) {
            out.write(open);
        }

        Outcome outcome = read("deep", out.toByteArray());

        assertThat(outcome.refusal()).isNotNull();
    }

    @Provide
    Arbitrary<String> kinds() {
        return Arbitraries.of(List.copyOf(SEEDS.keySet()));
    }

    @Provide
    Arbitrary<String> images() {
        return Arbitraries.of("ct-explicit-le", "ct-implicit-le", "mr-big-endian", "ct-deflate", "us-jpeg-multiframe", "ct-no-meta");
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 1);
    }

    /** One change to a file's bytes, described for the failure report. */
    record Mutation(String kind, double where, int value, int length) {
        byte[] apply(byte[] original) {
            int at = (int) Math.min(original.length - 1, Math.max(0, Math.round(original.length * where)));
            byte[] bytes = original.clone();
            switch (kind) {
                case "cut" -> {
                    return Arrays.copyOf(bytes, at);
                }
                case "flip" -> {
                    for (int i = 0; i < length && at + i < bytes.length; i++) {
                        bytes[at + i] ^= (byte) (value >>> (i % 4 * 8) | 1);
                    }
                }
                case "undefined-length", "huge-length", "zero-length" -> {
                    int word = kind.equals("undefined-length") ? -1 : kind.equals("huge-length") ? 0x7FFFFFF0 : 0;
                    for (int i = 0; i < 4 && at + i < bytes.length; i++) {
                        bytes[at + i] = (byte) (word >>> (i * 8));
                    }
                }
                case "insert" -> {
                    byte[] grown = new byte[bytes.length + length];
                    System.arraycopy(bytes, 0, grown, 0, at);
                    Arrays.fill(grown, at, at + length, (byte) value);
                    System.arraycopy(bytes, at, grown, at + length, bytes.length - at);
                    return grown;
                }
                default -> { // delete
                    int end = Math.min(bytes.length, at + length);
                    byte[] shrunk = new byte[bytes.length - (end - at)];
                    System.arraycopy(bytes, 0, shrunk, 0, at);
                    System.arraycopy(bytes, end, shrunk, at, bytes.length - end);
                    return shrunk;
                }
            }
            return bytes;
        }

        @Override
        public String toString() {
            return kind + "@" + String.format(java.util.Locale.ROOT, "%.4f", where) + "x" + length + "v" + value;
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(
                Arbitraries.of("cut", "flip", "undefined-length", "huge-length", "zero-length", "insert", "delete"),
                // Most of the interest is in the header: weight the first tenth of the file.
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.doubles().between(0, 0.1)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.doubles().between(0, 1))),
                Arbitraries.integers(),
                Arbitraries.integers().between(1, 16))
                .as(Mutation::new);
    }

    /** What reading did: a refusal (which must name the file and say why), or nothing wrong. */
    private record Outcome(DicomFileException refusal) {}

    private Outcome read(String name, byte[] bytes) throws IOException {
        Path file = DIR.resolve(name.replaceAll("[^A-Za-z0-9.@-]", "_") + ".dcm");
        Files.write(file, bytes);
        try {
            reader.read(file);
            return new Outcome(null);
        } catch (DicomFileException e) {
            String about = e.reason().aboutFile().orElseThrow();
            assertThat(e.getMessage()).as("a refusal names the file").startsWith(file.getFileName().toString()).contains(about);
            assertThat(e.getMessage().length()).as("and says why").isGreaterThan(file.getFileName().toString().length()
                    + about.length() + 5);
            return new Outcome(e);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        outer:
        for (int i = 0; i <= bytes.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }
}
