package org.radpost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the benchmark's one table from {@code results.tsv} (written by the steps and by bench/run for the peers):
 * time, MB/s of DICOM, objects/s, the ratios to dcmtk's MB/s and Orthanc's objects/s measured in the same run,
 * and each process's peak heap/RSS. A Markdown table, so it can go into the README as it is.
 * Usage: {@code java -cp ... org.radpost.bench.BenchTable <results.tsv>}.
 */
public final class BenchTable {
    private BenchTable() {}

    private record Line(String id, String what, double seconds, long bytes, long objects, String compare, String figure,
                        String processes, String note) {
        double mbs() {
            return seconds > 0 && bytes > 0 ? Bench.mb(bytes) / seconds : 0;
        }

        double objs() {
            return seconds > 0 && objects > 0 ? objects / seconds : 0;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, Line> byId = new LinkedHashMap<>();
        List<Line> lines = new ArrayList<>();
        for (String raw : Files.readAllLines(Path.of(args[0]))) {
            String[] f = raw.split("\t", -1);
            if (f.length < 9) {
                continue;
            }
            Line line = new Line(f[0], f[1], Double.parseDouble(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), f[5], f[6], f[7], f[8]);
            lines.add(line);
            byId.putIfAbsent(line.id(), line);
        }
        Line dcmtk = byId.get("dcmtk");
        Line orthanc = byId.get("orthanc");
        Line disk = byId.get("disk");
        System.out.println("| what | time | MB/s | objects/s | vs dcmtk (MB/s) | vs Orthanc (objects/s) | peak heap/RSS per process | conditions |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        for (Line l : lines) {
            String time = l.seconds() > 0 ? String.format(Locale.ROOT, "%.2f s", l.seconds()) : "";
            String mbs = l.mbs() > 0 ? String.format(Locale.ROOT, "%.1f", l.mbs()) : "";
            String objs = l.objs() > 0 ? String.format(Locale.ROOT, "%.0f", l.objs()) : "";
            String vsDcmtk = "";
            String vsOrthanc = "";
            if (l.compare().equals("peers")) {
                vsDcmtk = ratio(l.mbs(), dcmtk == null ? 0 : dcmtk.mbs());
                vsOrthanc = ratio(l.objs(), orthanc == null ? 0 : orthanc.objs());
            } else if (l.compare().equals("disk") && disk != null) {
                vsDcmtk = ratio(l.mbs(), disk.mbs()) + " of disk";
            }
            if (!l.figure().isEmpty()) {
                time = l.figure() + (time.isEmpty() ? "" : " (" + time + ")");
            }
            System.out.printf("| %s | %s | %s | %s | %s | %s | %s | %s |%n", l.what(), time, mbs, objs, vsDcmtk, vsOrthanc,
                    l.processes(), l.note());
        }
    }

    private static String ratio(double value, double peer) {
        return value > 0 && peer > 0 ? String.format(Locale.ROOT, "%.2f×", value / peer) : "";
    }
}
