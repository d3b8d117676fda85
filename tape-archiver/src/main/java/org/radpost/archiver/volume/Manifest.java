package org.radpost.archiver.volume;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.radpost.wire.Sha256;

/**
 * The last entry of a sealed volume: a tab-separated list of every entry before it (SHA-256, size, data offset,
 * name), so the volume can be checked with nothing but tar and sha256sum, without the database.
 */
public record Manifest(List<ManifestLine> lines) {
    public static final String ENTRY_NAME = "MANIFEST.tsv";
    private static final String HEADER = "# RadPost volume manifest v1\tsha256\tsize\toffset\tname";

    public Manifest {
        lines = List.copyOf(lines);
    }

    public byte[] toBytes() {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (ManifestLine line : lines) {
            text.append(line.sha256().hex()).append('\t').append(line.size()).append('\t').append(line.offset())
                    .append('\t').append(line.name()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static Manifest parse(InputStream in) throws IOException {
        List<ManifestLine> lines = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int number = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            number++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", 4);
            if (f.length != 4) {
                throw new IOException("manifest line " + number + " has " + f.length + " fields, expected 4");
            }
            try {
                lines.add(new ManifestLine(f[3], new Sha256(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
            } catch (IllegalArgumentException e) {
                throw new IOException("manifest line " + number + " is malformed: " + e.getMessage(), e);
            }
        }
        return new Manifest(lines);
    }
}
