package dev.hanlm.studio.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * The Studio's database: SQLite ({@value #FILE} under the data directory) by default, or any JDBC URL, its schema
 * brought up to date by Flyway ({@code db/migration}, portable SQL) when it opens. One connection, one statement at a
 * time: the stores' calls are a statement or two, and SQLite writes one at a time anyway.
 */
public final class Database implements AutoCloseable {
    public static final String FILE = "hanlm.db";

    private final Connection connection;
    private final String url;

    private Database(Connection connection, String url) {
        this.connection = connection;
        this.url = url;
    }

    /** Opens (or creates) the SQLite database under {@code dataDir}. */
    public static Database inDirectory(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the data directory " + dataDir, e);
        }
        return open("jdbc:sqlite:" + dataDir.resolve(FILE).toAbsolutePath(), null, null);
    }

    /** Opens the database at a JDBC URL and applies the migrations it lacks. */
    public static Database open(String url, String user, String password) {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
        try {
            return new Database(DriverManager.getConnection(url, user, password), url);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the database " + url + ": " + e.getMessage(), e);
        }
    }

    /** Reads one row of a result. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs a query with {@code args} for its {@code ?}s (null binds SQL NULL) and reads every row. */
    public synchronized <T> List<T> query(String sql, Row<T> row, Object... args) {
        try (PreparedStatement s = prepare(sql, args); ResultSet rs = s.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) out.add(row.read(rs));
            return out;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Runs an insert, update or delete and returns the rows it changed. */
    public synchronized int update(String sql, Object... args) {
        try (PreparedStatement s = prepare(sql, args)) {
            return s.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Work that must happen whole or not at all. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Database db);
    }

    /** Runs {@code work} in one transaction; other callers wait until it commits or rolls back. */
    public synchronized <T> T inTransaction(Work<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(this);
                connection.commit();
                return result;
            } catch (RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** A nullable BIGINT column. */
    public static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** A nullable INTEGER column. */
    public static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement s = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) s.setNull(i + 1, Types.NULL);
            else s.setObject(i + 1, args[i]);
        }
        return s;
    }

    private IllegalStateException failed(SQLException e) {
        return new IllegalStateException("the database " + url + " failed: " + e.getMessage(), e);
    }
}
