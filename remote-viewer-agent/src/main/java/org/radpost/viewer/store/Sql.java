package org.radpost.viewer.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** Small helpers for binding parameters; the store's SQL stays visible at each call site. */
public final class Sql {
    private Sql() {}

    public static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Instant instant) {
                p = Timestamp.from(instant);
            } else if (p instanceof LocalDate date) {
                p = java.sql.Date.valueOf(date);
            } else if (p instanceof Enum<?> e) {
                p = e.name();
            }
            statement.setObject(i + 1, p);
        }
        return statement;
    }

    public static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params)) {
            return s.executeUpdate();
        }
    }

    public static long insert(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params)) {
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    public static Optional<Long> findId(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params); ResultSet r = s.executeQuery()) {
            return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
        }
    }

    public static Instant instant(ResultSet r, String column) throws SQLException {
        Timestamp t = r.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
