package org.radpost.datacenter.receipt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a receipt as docs/wire-format.md shows it in an example: the message's header names and the
 * disposition-notification part's field names, in order (repeated RadPost-Object lines counted once). The wire
 * module's WireFormatDocTest keeps the examples equal to what the writer makes; comparing shapes here keeps them
 * equal to what the data center actually sends.
 */
record DocumentedShape(List<String> headers, List<String> fields) {
    private static final Path DOC = Path.of("..", "docs", "wire-format.md");

    static DocumentedShape example(String name) throws IOException {
        Matcher m = Pattern.compile("<!-- example:" + Pattern.quote(name) + " -->\\n```\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(DOC));
        if (!m.find()) {
            throw new AssertionError("docs/wire-format.md has no example '" + name + "'");
        }
        return of(m.group(1));
    }

    static DocumentedShape of(Path eml) throws IOException {
        return of(Files.readString(eml, StandardCharsets.ISO_8859_1));
    }

    private static DocumentedShape of(String message) {
        String text = message.replace("\r\n", "\n").replaceAll("\n[ \t]+", " ");
        int headerEnd = text.indexOf("\n\n");
        int mdn = text.indexOf("Content-Type: message/disposition-notification");
        int fieldsStart = text.indexOf("\n\n", mdn) + 2;
        int fieldsEnd = text.indexOf("\n\n", fieldsStart);
        return new DocumentedShape(names(text.substring(0, headerEnd)), names(text.substring(fieldsStart, fieldsEnd)));
    }

    private static List<String> names(String block) {
        List<String> names = new ArrayList<>();
        for (String line : block.split("\n")) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon);
            if (names.isEmpty() || !names.get(names.size() - 1).equals(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
