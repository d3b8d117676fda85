package org.radpost.viewer.dicom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A person name in DICOM's five components (PS3.5 6.2: family^given^middle^prefix^suffix), read from the way people
 * write it: "Dr. Demo Radiologist" is family Radiologist, given Demo, prefix Dr.; "Radiologist, Demo" puts the family
 * name first; a name already in DICOM form (with ^) is taken as it is.
 */
public record PersonName(String family, String given, String middle, String prefix, String suffix) {
    private static final Set<String> PREFIXES = Set.of("dr", "prof", "mr", "mrs", "ms", "miss", "sir", "dame");
    private static final Set<String> SUFFIXES = Set.of("md", "phd", "jr", "sr", "ii", "iii", "iv", "do", "mbbs", "frcr",
            "facr", "dds", "rn");

    /** Reads a name as written in the configuration ("Dr. Demo Radiologist", "Radiologist, Demo", or DICOM form). */
    public static PersonName of(String written) {
        String name = written == null ? "" : written.strip();
        if (name.contains("^")) {
            String[] c = Arrays.copyOf(name.split("\\^", -1), 5);
            return new PersonName(nz(c[0]), nz(c[1]), nz(c[2]), nz(c[3]), nz(c[4]));
        }
        List<String> words = new ArrayList<>(Arrays.asList(name.replace(",", " , ").trim().split("\\s+")));
        words.removeIf(String::isEmpty);
        List<String> prefixes = new ArrayList<>();
        while (words.size() > 1 && PREFIXES.contains(key(words.get(0)))) {
            prefixes.add(words.remove(0));
        }
        List<String> suffixes = new ArrayList<>();
        while (words.size() > 1 && (SUFFIXES.contains(key(words.get(words.size() - 1))))) {
            suffixes.add(0, words.remove(words.size() - 1));
        }
        while (!words.isEmpty() && words.get(words.size() - 1).equals(",")) {
            words.remove(words.size() - 1);
        }
        String family;
        List<String> rest;
        int comma = words.indexOf(",");
        if (comma >= 0) { // "Family, Given Middle"
            family = String.join(" ", words.subList(0, comma));
            rest = new ArrayList<>(words.subList(comma + 1, words.size()));
            rest.removeIf(","::equals);
        } else if (words.isEmpty()) {
            family = "";
            rest = List.of();
        } else { // "Given Middle Family"
            family = words.get(words.size() - 1);
            rest = words.subList(0, words.size() - 1);
        }
        String given = rest.isEmpty() ? "" : rest.get(0);
        String middle = rest.size() > 1 ? String.join(" ", rest.subList(1, rest.size())) : "";
        return new PersonName(family, given, middle, String.join(" ", prefixes), String.join(" ", suffixes));
    }

    /** The DICOM PN value, trailing empty components left out: "Radiologist^Demo^^Dr.". */
    public String dicom() {
        String joined = String.join("^", family, given, middle, prefix, suffix);
        return joined.replaceAll("\\^+$", "");
    }

    /** As people write it: "Dr. Demo Radiologist". */
    public String written() {
        return Stream.of(prefix, given, middle, family, suffix).filter(s -> !s.isBlank()).collect(Collectors.joining(" "));
    }

    private static String key(String word) {
        return word.replace(".", "").toLowerCase(Locale.ROOT);
    }

    private static String nz(String s) {
        return s == null ? "" : s.strip();
    }
}
