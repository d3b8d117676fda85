package org.radpost.schema;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Moves an embedded H2 database created before {@link EmbeddedPassword} (administrator with an empty password) to
 * its generated password, once, so an upgraded installation keeps working and stops accepting the empty one.
 */
final class EmbeddedPasswordUpgrade {
    /** H2's "wrong user name or password". */
    private static final String WRONG_PASSWORD = "28000";

    private EmbeddedPasswordUpgrade() {}

    static void apply(DatabaseConfig config) {
        if (config.password().isEmpty()) {
            return;
        }
        try (Connection ignored = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
            return;
        } catch (SQLException e) {
            if (!WRONG_PASSWORD.equals(e.getSQLState())) {
                return;     // the pool reports any other fault with its own sentence
            }
        }
        try (Connection old = DriverManager.getConnection(config.jdbcUrl(), config.user(), "");
             java.sql.Statement alter = old.createStatement()) {
            // The generated password is hex (EmbeddedPassword), so it is safe inside the quotes.
            alter.execute("ALTER USER " + config.user() + " SET PASSWORD '" + config.password().replace("'", "''") + "'");
        } catch (SQLException e) {
            // Neither password works: the pool's error message says what to check.
        }
    }
}
