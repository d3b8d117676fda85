package org.radpost.wire.read;

import org.radpost.wire.RejectReason;
import java.util.List;
import java.util.stream.Collectors;

/** A message that is refused, listing every defect found (by object UID); the first is the main reason. */
public final class WireFormatException extends Exception {
    private final List<Defect> defects;
    private String studyUidHeader = "";
    private String messageIdHeader = "";

    public WireFormatException(List<Defect> defects) {
        super(describe(defects));
        if (defects.isEmpty()) {
            throw new IllegalArgumentException("a refusal needs at least one defect");
        }
        this.defects = List.copyOf(defects);
    }

    public WireFormatException(RejectReason error, String detail) {
        this(List.of(new Defect(error, "", detail)));
    }

    public RejectReason error() {
        return defects.get(0).error();
    }

    public List<Defect> defects() {
        return defects;
    }

    /** The message's study UID header as it was written (not checked), so a rejection receipt can name it; or "". */
    public String studyUidHeader() {
        return studyUidHeader;
    }

    WireFormatException studyUidHeader(String value) {
        this.studyUidHeader = value == null ? "" : value;
        return this;
    }

    /** The message's Message-ID as it was written (not checked), so a rejection receipt can answer it; or "". */
    public String messageIdHeader() {
        return messageIdHeader;
    }

    WireFormatException messageIdHeader(String value) {
        this.messageIdHeader = value == null ? "" : value.trim();
        return this;
    }

    /** The specifics without the general sentence: which object, what differs, and how many more defects. */
    public String detail() {
        return detailOf(defects);
    }

    private static String describe(List<Defect> defects) {
        return defects.isEmpty() ? "" : defects.get(0).error().sentence() + ": " + detailOf(defects);
    }

    private static String detailOf(List<Defect> defects) {
        if (defects.isEmpty()) {
            return "";
        }
        Defect first = defects.get(0);
        String more = defects.size() == 1 ? "" : " (and " + (defects.size() - 1) + " more: "
                + defects.stream().skip(1).limit(5).map(Defect::toString).collect(Collectors.joining("; ")) + ")";
        return (first.uid().isEmpty() ? "" : "object " + first.uid() + ": ") + first.detail() + more;
    }
}
