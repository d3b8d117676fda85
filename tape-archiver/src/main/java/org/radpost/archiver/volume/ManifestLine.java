package org.radpost.archiver.volume;

import org.radpost.wire.Sha256;

/** One entry of a volume as its manifest lists it: name, SHA-256, size and data offset in the volume. */
public record ManifestLine(String name, Sha256 sha256, long size, long offset) {}
