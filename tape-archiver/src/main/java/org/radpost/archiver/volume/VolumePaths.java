package org.radpost.archiver.volume;

import java.nio.file.Path;
import java.util.Locale;

/** Names volume files under the archive root: {@code <center>/<modality>/<center>-<modality>-<id>.tar}. */
public final class VolumePaths {
    private final Path root;

    public VolumePaths(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public String relativePath(String centerCode, String modality, long volumeId) {
        return centerCode + "/" + modality + "/"
                + String.format(Locale.ROOT, "%s-%s-%08d.tar", centerCode, modality, volumeId);
    }

    public Path resolve(String relativePath) {
        return root.resolve(relativePath);
    }

    /** The name of an object's entry inside a volume: its study folder and SOP Instance UID. */
    public static String entryName(String studyUid, String sopInstanceUid) {
        return studyUid + "/" + sopInstanceUid + ".dcm";
    }

    /**
     * The entry name of an object's {@code version} (1 for the first copy, which keeps the plain name): each version
     * of a replaced object has its own path, so a plain {@code tar xf} of a volume yields every version.
     */
    public static String entryName(String studyUid, String sopInstanceUid, int version) {
        return version <= 1 ? entryName(studyUid, sopInstanceUid) : studyUid + "/" + sopInstanceUid + ".v" + version + ".dcm";
    }
}
