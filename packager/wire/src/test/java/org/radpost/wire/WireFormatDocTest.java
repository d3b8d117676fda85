package org.radpost.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import org.radpost.testkit.SampleStudy;

/**
 * Keeps docs/wire-format.md in step with the code: each example in the document must be what the writers
 * produce today (with UIDs, checksums, sizes, dates and boundaries replaced by stable placeholders).
 * When this fails, the expected document is written to packager/wire/target/wire-format.md: read the
 * difference, and if the change is intended, copy it over docs/wire-format.md.
 */
class WireFormatDocTest {
    private static final Path DOC = Path.of("..", "..", "docs", "wire-format.md");
    private static final Pattern EXAMPLE = Pattern.compile("(<!-- example:([a-z-]+) -->\\n```\\n)(.*?)(```\\n<!-- /example -->)", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void everyExampleInTheDocumentIsWhatTheCodeWritesToday() throws Exception {
        Map<String, String> examples = examples();
        String doc = Files.readString(DOC);
        Matcher m = EXAMPLE.matcher(doc);
        StringBuilder expected = new StringBuilder();
        while (m.find()) {
            String generated = examples.get(m.group(2));
            m.appendReplacement(expected, Matcher.quoteReplacement(m.group(1) + (generated == null ? m.group(3) : generated) + m.group(4)));
        }
        m.appendTail(expected);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "wire-format.md"), expected);

        assertThat(doc).as("docs/wire-format.md has an example for each type").contains(
                examples.keySet().stream().map(k -> "<!-- example:" + k + " -->").toArray(String[]::new));
        assertThat(doc).as("docs/wire-format.md is out of step with the code; see packager/wire/target/wire-format.md")
                .isEqualTo(expected.toString());
    }

    private Map<String, String> examples() throws IOException {
        Map<String, String> examples = new LinkedHashMap<>();
        SampleStudy study = SampleStudy.ct().size(16, 16);
        Path images = dir.resolve("images");
        study.writeImages(images, 2);
        StudyBatch imageBatch = scan(images);
        Addressing toViewer = new Addressing("center1@radpost.example", "viewer1@radpost.example", Priority.STAT);
        examples.put("image", render(new MessageWriter().write(toViewer, imageBatch, dir.resolve("m1"), "batch").get(0)));

        String imageUid = imageBatch.objects().get(0).summary().sopInstanceUid().value();
        Path overlays = dir.resolve("overlays");
        study.writePresentationState(overlays, imageUid);
        Addressing back = new Addressing("viewer1@radpost.example", "center1@radpost.example", Priority.ROUTINE);
        examples.put("overlay", render(new MessageWriter().write(back, scan(overlays), dir.resolve("m2"), "batch").get(0)));

        Path reports = dir.resolve("reports");
        study.writeTextReport(reports, "Findings: none. Impression: normal study.");
        examples.put("report", render(new MessageWriter().write(back, scan(reports), dir.resolve("m3"), "batch").get(0)));

        StudyUid studyUid = imageBatch.studyUid();
        Instant at = Instant.parse("2026-11-23T10:15:30Z");
        List<ReceiptEntry> objects = imageBatch.objects().stream()
                .map(o -> ReceiptEntry.of(ObjectType.IMAGE, o.summary().sopInstanceUid())).toList();
        // As the data center writes them (central-datacenter ReceiptContentTest checks its receipts have these fields).
        examples.put("receipt", render(receipt(new Receipt(ReceiptStatus.VIEWED, "datacenter@radpost.example",
                "center1@radpost.example", studyUid, "<batch.1of1@radpost.example>", "",
                "The study " + studyUid + " was opened by the radiologist (viewer1@radpost.example).", objects, at,
                "viewer1@radpost.example", List.of()))));
        examples.put("rejection", render(receipt(new Receipt(ReceiptStatus.REJECTED, "datacenter@radpost.example",
                "center1@radpost.example", studyUid, "<batch.1of1@radpost.example>", "checksum-mismatch",
                "An object's SHA-256 does not match its header: it was damaged on the way: object " + imageUid
                        + ": received SHA-256 differs from the header. The message was not stored; correct it and send it again.",
                List.of(new ReceiptEntry(ObjectType.IMAGE, SopInstanceUid.of(imageUid), "checksum-mismatch",
                        "received SHA-256 differs from the header")), at))));
        examples.put("resend-request", render(receipt(new Receipt(ReceiptStatus.RESEND_REQUESTED, "datacenter@radpost.example",
                "center1@radpost.example", studyUid, "", "incomplete-study",
                "Please send study " + studyUid + " again: only 2 of 5 objects arrived, and nothing more came for 30 minutes."
                        + " Objects already received are kept; a resend replaces them cleanly.",
                objects.stream().map(o -> new ReceiptEntry(o.type(), o.sopInstanceUid(), "incomplete-study", "")).toList(), at,
                "datacenter@radpost.example", List.of("<batch.1of3@radpost.example>", "<batch.2of3@radpost.example>")))));
        return examples;
    }

    private Path receipt(Receipt receipt) throws IOException {
        Path file = dir.resolve(receipt.status().token() + ".eml");
        new ReceiptWriter().write(receipt, file);
        return file;
    }

    private static StudyBatch scan(Path folder) {
        return new StudyScanner().scan(List.of(folder)).studies().get(0);
    }

    /** The message as text, base64 bodies elided, volatile values replaced by numbered placeholders. */
    static String render(Path eml) throws IOException {
        // Unfold headers: where a long header is folded depends on the length of the UIDs in it.
        String text = Files.readString(eml, StandardCharsets.US_ASCII).replace("\r\n", "\n").replaceAll("\n[ \t]+", " ")
                .replaceAll(";[ \t]+", "; ");
        text = text.replaceAll("(?m)(^[A-Za-z0-9+/=]{60,}\\n)+(^[A-Za-z0-9+/=]*\\n)?", "(base64 of the DICOM file, elided)\n");
        text = text.replaceAll("(?m)^Date: .*$", "Date: Mon, 23 Nov 2026 10:15:30 +0000");
        text = number(text, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "uuid-");
        text = number(text, "----=_Part_[0-9_.]+", "----=_Part_");
        text = number(text, "\\b[0-9a-f]{64}\\b", "sha256-of-object-");
        text = number(text, "\\b1\\.[0-9]+(\\.[0-9]+){6,}\\b", "1.2.3.");
        return text.replaceAll("size=[0-9]+", "size=N");
    }

    private static String number(String text, String regex, String prefix) {
        Map<String, String> seen = new LinkedHashMap<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String label = seen.computeIfAbsent(m.group(), k -> prefix + (seen.size() + 1));
            m.appendReplacement(out, Matcher.quoteReplacement(label));
        }
        m.appendTail(out);
        return out.toString();
    }
}
