package org.radpost.datacenter.console;

/** A part of the console, with its path and the navigation label an admin reads. */
public enum Area {
    QUARANTINE("/quarantine", "Quarantine"),
    TRACKING("/tracking", "Tracking"),
    OPERATIONS("/operations", "Operations"),
    STATISTICS("/statistics", "Statistics"),
    DIRECTORY("/directory", "Directory"),
    USERS("/users", "Users"),
    AUDIT("/audit", "Audit");

    private final String path;
    private final String label;

    Area(String path, String label) {
        this.path = path;
        this.label = label;
    }

    public String path() {
        return path;
    }

    public String label() {
        return label;
    }

    /** The area a request path belongs to, or null for pages every signed-in user may see. */
    public static Area of(String requestPath) {
        for (Area area : values()) {
            if (requestPath.equals(area.path) || requestPath.startsWith(area.path + "/")) {
                return area;
            }
        }
        return null;
    }
}
