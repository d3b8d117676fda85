package org.radpost.viewer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs dicom3tools' dciodvfy (an IOD validator nobody here wrote) and returns its output lines. */
public final class Dciodvfy {
    private Dciodvfy() {}

    public static List<String> run(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dciodvfy", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out.lines().toList();
    }

    public static List<String> errors(Path file) throws IOException, InterruptedException {
        return run(file).stream().filter(l -> l.startsWith("Error")).toList();
    }
}
