package org.radpost.viewer.web;

/** HTML escaping and the page frame every page shares (all assets are served by the agent itself). */
final class Html {
    private Html() {}

    static String esc(Object value) {
        String s = value == null ? "" : value.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A DICOM person name (FAMILY^GIVEN) as people write it: "FAMILY, GIVEN". */
    static String personName(String dicom) {
        String[] parts = (dicom == null ? "" : dicom).split("\\^");
        if (parts.length >= 2 && !parts[1].isBlank()) {
            return parts[0].trim() + ", " + parts[1].trim();
        }
        return parts.length > 0 ? parts[0].trim() : "";
    }

    static String page(String title, String readerName, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + esc(title) + " · RadPost Viewer</title>"
                + "<link rel=\"stylesheet\" href=\"/assets/viewer.css\"></head><body>"
                + "<header class=\"top\"><a class=\"brand\" href=\"/\">RadPost Viewer</a>"
                + "<nav><a href=\"/\">Worklist</a></nav><span class=\"reader\">" + esc(readerName) + "</span></header>"
                + "<main>" + body + "</main><script src=\"/assets/viewer.js\"></script></body></html>";
    }
}
