package org.radpost.schema;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * An H2 data source whose every {@code commit()} returns only once the commit is on the disk: H2's MVStore writes
 * a commit (with WRITE_DELAY=0) but never fsyncs it, so a power cut could lose what was acknowledged. After each
 * commit it runs {@code CHECKPOINT SYNC}, which flushes the store and forces the file, as MariaDB's
 * {@code innodb_flush_log_at_trx_commit=1} does for every commit.
 */
final class SyncedCommits implements DataSource {
    private final DataSource pool;

    SyncedCommits(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return synced(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return synced(pool.getConnection(username, password));
    }

    private static Connection synced(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                Object result = method.invoke(connection, args);
                if (method.getName().equals("commit") && method.getParameterCount() == 0) {
                    try (Statement s = connection.createStatement()) {
                        s.execute("CHECKPOINT SYNC");
                    }
                } else if (method.getName().equals("unwrap") && args != null && args[0] == Connection.class) {
                    return proxy;
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(SyncedCommits.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || pool.isWrapperFor(iface);
    }
}
