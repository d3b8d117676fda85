package org.radpost.datacenter.console;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What a console user may do; each role includes the one before it. */
public enum Role {
    /** Follows studies, works the quarantine, watches the queues. */
    OPERATOR(EnumSet.of(Area.QUARANTINE, Area.TRACKING, Area.OPERATIONS, Area.STATISTICS)),
    /** Also runs the directory: centers, viewers, authorizations (retention and holds when they reach the console). */
    MANAGER(EnumSet.of(Area.QUARANTINE, Area.TRACKING, Area.OPERATIONS, Area.STATISTICS, Area.DIRECTORY, Area.AUDIT)),
    /** Also manages the console's users. */
    ADMIN(EnumSet.allOf(Area.class));

    private final Set<Area> areas;

    Role(Set<Area> areas) {
        this.areas = areas;
    }

    public boolean allows(Area area) {
        return area == null || areas.contains(area);
    }

    /** The areas in navigation order. */
    public List<Area> areas() {
        return Arrays.stream(Area.values()).filter(areas::contains).toList();
    }

    public static Role parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("role '" + text + "' is not one of operator, manager, admin");
        }
    }
}
