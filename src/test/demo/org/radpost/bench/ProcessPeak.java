package org.radpost.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One process's peak heap (sampled used heap, see {@link HeapWatch}) and peak resident set (Linux VmHWM). */
record ProcessPeak(String process, long heapBytes, long rssBytes) {

    /** This JVM's peak resident set so far, from /proc/self/status; 0 where the kernel does not say. */
    static long selfRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** The words a child prints after {@code PEAK}: sampled heap bytes and RSS bytes. */
    String line() {
        return heapBytes + " " + rssBytes;
    }

    static ProcessPeak parse(String process, String line) {
        String[] words = line.strip().split(" ");
        return new ProcessPeak(process, Long.parseLong(words[0]), Long.parseLong(words[1]));
    }

    ProcessPeak rename(String name) {
        return new ProcessPeak(name, heapBytes, rssBytes);
    }

    /** "viewer 85/310 MB" (heap/RSS); a process whose heap is not known (not Java) shows "-". */
    String describe() {
        String heap = heapBytes < 0 ? "-" : String.format("%.0f", Bench.mb(heapBytes));
        return String.format("%s %s/%.0f MB", process, heap, Bench.mb(rssBytes));
    }
}
