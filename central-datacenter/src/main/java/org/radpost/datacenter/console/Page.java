package org.radpost.datacenter.console;

import java.util.List;

/**
 * What every console page shows around its content: title, navigation for the user's role, the form token, and a
 * message left by the previous action.
 *
 * @param notice a success message, or null
 * @param error a refusal that says what to fix, or null
 */
public record Page(String title, Area area, String username, Role role, String csrf, String notice, String error) {
    public List<Area> nav() {
        return role == null ? List.of() : role.areas();
    }

    public boolean may(Area other) {
        return role != null && role.allows(other);
    }
}
