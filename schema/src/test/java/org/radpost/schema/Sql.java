package org.radpost.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC for the schema's tests, which map no entities: one transaction per call, committed as the data center commits. */
final class Sql {
    private Sql() {}

    static void update(Database db, String sql, String... params) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    s.setString(i + 1, params[i]);
                }
                s.executeUpdate();
            }
            c.commit();
        }
    }

    static List<String> strings(Database db, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }
}
