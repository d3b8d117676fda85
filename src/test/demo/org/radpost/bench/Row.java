package org.radpost.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One line of the benchmark table, as a step appends it to {@code results.tsv} (the peers' lines come from
 * bench/run in the same format): {@link BenchTable} turns seconds, bytes and objects into rates and ratios.
 *
 * @param id        a stable key: {@code dcmtk}, {@code orthanc} and {@code disk} are what ratios are taken against
 * @param seconds   wall-clock time of the measured work; 0 when the row is not a throughput
 * @param bytes     DICOM bytes moved (not mail bytes), 0 when not a throughput
 * @param compare   {@code peers} (ratios to dcmtk MB/s and Orthanc objects/s), {@code disk} (to the disk's
 *                  fsynced write) or empty
 * @param figure    what to print instead of rates (latencies, verdicts); empty to print rates
 * @param processes peak heap/RSS of each process that took part
 */
record Row(String id, String what, double seconds, long bytes, long objects, String compare, String figure,
           List<ProcessPeak> processes, String note) {

    static Row throughput(String id, String what, double seconds, long bytes, long objects, List<ProcessPeak> processes, String note) {
        return new Row(id, what, seconds, bytes, objects, "peers", "", processes, note);
    }

    static Row figure(String id, String what, String figure, List<ProcessPeak> processes, String note) {
        return new Row(id, what, 0, 0, 0, "", figure, processes, note);
    }

    /** Appends this row to {@code <work>/results.tsv} and says it on the screen. */
    void append(Path work) throws IOException {
        String peaks = processes.stream().map(ProcessPeak::describe).collect(Collectors.joining("; "));
        String line = String.join("\t", id, what, String.format(java.util.Locale.ROOT, "%.3f", seconds), Long.toString(bytes),
                Long.toString(objects), compare, clean(figure), clean(peaks), clean(note)) + System.lineSeparator();
        Files.writeString(work.resolve("results.tsv"), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Bench.say("%s: %s%s (%s) [%s]", what, figure.isEmpty() ? String.format("%.2f s", seconds) : figure,
                bytes > 0 && seconds > 0 ? String.format(", %.1f MB/s", Bench.mb(bytes) / seconds) : "", note, peaks);
    }

    private static String clean(String text) {
        return text.replace('\t', ' ').replace('\n', ' ');
    }
}
