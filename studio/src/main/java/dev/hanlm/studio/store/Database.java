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
import org.flywaydb.core.api.FlywayException;

/**
 * The Studio's database: SQLite ({@value #FILE} under the data directory) by default, or PostgreSQL by JDBC URL for a
 * shared deployment, its schema brought up to date by Flyway ({@code db/migration}, SQL that both run) when it opens.
 * One connection, one statement at a time: the stores' calls are a statement or two, and SQLite writes one at a time
 * anyway. A connection the server dropped (PostgreSQL restarted) is made again on the next statement outside a
 * transaction, so a shared deployment outlives its database's restarts.
 */
public final class Database implements AutoCloseable {
    public static final String FILE = "hanlm.db";
    /** How long a check that a failed statement's connection still answers may take. */
    private static final int VALID_SECONDS = 2;

    private final String url;
    private final String user;
    private final String password;
    private Connection connection;
    private boolean inTransaction;

    private Database(Connection connection, String url, String user, String password) {
        this.connection = connection;
        this.url = url;
        this.user = user;
        this.password = password;
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

    /**
     * Opens the database at a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL and applies the migrations it lacks.
     *
     * @param user     null for none (SQLite), else the login
     * @param password null for none
     * @throws DatabaseException when the URL is of another kind, the database cannot be reached, or a migration fails
     */
    public static Database open(String url, String user, String password) {
        if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
            throw new DatabaseException("the database URL '" + url + "' is neither jdbc:postgresql://HOST[:PORT]/NAME nor jdbc:sqlite:FILE", null);
        }
        Connection connection;
        try {
            connection = DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            throw new DatabaseException("cannot reach the database " + url + ": " + reason(e), e);
        }
        try {
            Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
            return new Database(connection, url, user, password);
        } catch (FlywayException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw new DatabaseException("cannot bring the database " + url + " up to date: " + reason(e), e);
        }
    }

    /** The first line of the failure's message and, where the failure wraps another, of its root cause's. */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        return root == e ? firstLine(e) : firstLine(e) + ": " + firstLine(root);
    }

    private static String firstLine(Throwable e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    /** Reads one row of a result. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs a query with {@code args} for its {@code ?}s (null binds SQL NULL) and reads every row. */
    public synchronized <T> List<T> query(String sql, Row<T> row, Object... args) {
        return reconnecting(() -> {
            try (PreparedStatement s = prepare(sql, args); ResultSet rs = s.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(row.read(rs));
                return out;
            }
        });
    }

    /** Runs an insert, update or delete and returns the rows it changed. */
    public synchronized int update(String sql, Object... args) {
        return reconnecting(() -> {
            try (PreparedStatement s = prepare(sql, args)) {
                return s.executeUpdate();
            }
        });
    }

    private interface Statement<T> {
        T run() throws SQLException;
    }

    /**
     * Runs a statement; when it failed because the connection is gone (the server restarted or ended it) outside a
     * transaction, connects again and runs it once more. Inside a transaction the loss fails the transaction: its earlier statements are gone with the
     * connection.
     */
    private <T> T reconnecting(Statement<T> statement) {
        try {
            return statement.run();
        } catch (SQLException e) {
            if (inTransaction || connectionAlive()) throw failed(e);
            try {
                connection.close();
            } catch (SQLException ignored) { // the connection is gone already
            }
            try {
                connection = DriverManager.getConnection(url, user, password);
                return statement.run();
            } catch (SQLException again) {
                throw failed(again);
            }
        }
    }

    private boolean connectionAlive() {
        try {
            return connection.isValid(VALID_SECONDS);
        } catch (SQLException e) {
            return false;
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
            inTransaction = true;
            try {
                T result = work.run(this);
                connection.commit();
                return result;
            } catch (RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                inTransaction = false;
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
