package org.radpost.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One process's peak heap (sampled used heap, see {@link HeapWatch}), peak resident set (Linux VmHWM) and the CPU
 * time it used. CPU seconds are the figure that holds when other work shares the machine; wall time does not.
 */
record ProcessPeak(String process, long heapBytes, long rssBytes, double cpuSeconds) {

    /** This JVM's figures so far: the heap peak given, RSS from /proc/self/status, CPU from the OS. */
    static ProcessPeak self(String process, long heapBytes) {
        double cpu = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(0L) / 1000.0;
        return new ProcessPeak(process, heapBytes, selfRss(), cpu);
    }

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

    /** The words a child prints after {@code PEAK}: heap bytes, RSS bytes, CPU milliseconds. */
    String line() {
        return heapBytes + " " + rssBytes + " " + Math.round(cpuSeconds * 1000);
    }

    static ProcessPeak parse(String process, String line) {
        String[] words = line.strip().split(" ");
        return new ProcessPeak(process, Long.parseLong(words[0]), Long.parseLong(words[1]),
                words.length > 2 ? Long.parseLong(words[2]) / 1000.0 : 0);
    }

    ProcessPeak rename(String name) {
        return new ProcessPeak(name, heapBytes, rssBytes, cpuSeconds);
    }

    /** "viewer 85/310 MB 12.3 s CPU" (heap/RSS); a process whose heap is not known (not Java) shows "-". */
    String describe() {
        String heap = heapBytes < 0 ? "-" : String.format("%.0f", Bench.mb(heapBytes));
        return String.format("%s %s/%.0f MB %.1f s CPU", process, heap, Bench.mb(rssBytes), cpuSeconds);
    }
}
