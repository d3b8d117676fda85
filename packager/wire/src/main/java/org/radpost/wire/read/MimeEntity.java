package org.radpost.wire.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The headers of one MIME entity seen while streaming, and where its body went (file or small text). */
final class MimeEntity {
    final List<String[]> headers = new ArrayList<>();
    String mimeType = "text/plain";
    Path bodyFile;
    String computedSha256;
    long bodySize;
    String smallText;

    Optional<String> header(String name) {
        return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1].trim()).findFirst();
    }

    List<String> headers(String name) {
        return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1].trim()).toList();
    }

    boolean isDicom() {
        return "application/dicom".equals(mimeType.toLowerCase(Locale.ROOT));
    }
}
