package org.radpost.archiver.volume;

import org.radpost.wire.Sha256;

/** An entry just written to a volume: where its data starts, its size and the SHA-256 of the bytes written. */
public record AppendedEntry(String name, long offset, long size, Sha256 sha256) {
    public ManifestLine toManifestLine() {
        return new ManifestLine(name, sha256, size, offset);
    }
}
