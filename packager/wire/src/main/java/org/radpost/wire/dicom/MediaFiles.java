package org.radpost.wire.dicom;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Recognises the files a CD/DVD export carries besides the images (PS3.10 media: DICOMDIR, README, an
 * autorun file, a bundled viewer), so a folder copied from a disc is sent without calling them bad files.
 */
final class MediaFiles {
    private static final Set<String> NAMES = Set.of("dicomdir", "readme", "readme.txt", "readme.htm", "readme.html",
            "index.htm", "index.html", "autorun.inf", "lockfile", "version", "dicomdir.bak", "desktop.ini", "thumbs.db");
    /** Programs and web pages of a bundled viewer; pictures and text files are listed as skipped instead. */
    private static final Set<String> EXTENSIONS = Set.of("htm", "html", "xml", "xsl", "css", "js", "inf", "ini", "exe", "dll",
            "jar", "bat", "cmd", "sh", "ico", "cab", "msi", "lnk", "url", "manifest", "plist", "icns", "so", "dylib");

    private MediaFiles() {}

    /** True for a name that a disc export uses for something other than a DICOM object. */
    static boolean isMediaFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (NAMES.contains(name) || name.startsWith("readme")) {
            return true;
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1));
    }
}
