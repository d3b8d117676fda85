package org.radpost.packager.prune;

import java.nio.file.Path;

/** A local file the pruner left in place, and why (no archive receipt yet, not DICOM, disk use already low). */
public record KeptFile(Path file, String reason) {}
