package dev.hanlm.studio.keys;

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
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * API keys and their usage in an SQLite database, {@value #FILE} under the data directory, its schema brought up to date
 * by Flyway when it opens. One connection, one caller at a time: SQLite writes one at a time anyway, and each call is
 * a statement or two.
 */
public final class KeyStore implements AutoCloseable {
    public static final String FILE = "hanlm.db";
    private static final String COLUMNS = "id, name, prefix, created, revoked, requests_per_minute";

    private final Connection db;
    private volatile boolean hasKeys;

    private KeyStore(Connection db) throws SQLException {
        this.db = db;
        try (ResultSet rs = db.createStatement().executeQuery("SELECT COUNT(*) FROM api_keys")) {
            hasKeys = rs.next() && rs.getLong(1) > 0;
        }
    }

    /** Opens (or creates) the database under {@code dataDir} and applies the migrations it lacks. */
    public static KeyStore open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the data directory " + dataDir, e);
        }
        String url = "jdbc:sqlite:" + dataDir.resolve(FILE).toAbsolutePath();
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load().migrate();
        try {
            return new KeyStore(DriverManager.getConnection(url));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether keys are enforced: once any key has been made, revoked ones included, so that revoking the last key does
     * not quietly open the server to everyone.
     */
    public boolean hasKeys() {
        return hasKeys;
    }

    /** Makes a key; {@code requestsPerMinute} null for no limit. */
    public synchronized NewKey create(String name, Integer requestsPerMinute) {
        String secret = Secrets.newKey();
        ApiKey key = new ApiKey(Secrets.newId(), name, secret.substring(0, Secrets.SHOWN), now(), null, requestsPerMinute);
        update("INSERT INTO api_keys (" + COLUMNS + ", hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                key.id(), key.name(), key.prefix(), key.created(), null, requestsPerMinute, Secrets.hash(secret));
        hasKeys = true;
        return new NewKey(key, secret);
    }

    public synchronized List<ApiKey> list() {
        return query("SELECT " + COLUMNS + " FROM api_keys ORDER BY created, id");
    }

    public synchronized Optional<ApiKey> find(String id) {
        return query("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?", id).stream().findFirst();
    }

    /** The key whose secret this is, revoked or not. */
    public synchronized Optional<ApiKey> bySecret(String secret) {
        return query("SELECT " + COLUMNS + " FROM api_keys WHERE hash = ?", Secrets.hash(secret)).stream().findFirst();
    }

    /** Revokes a key; false when there is no such key. Revoking twice keeps the first time. */
    public synchronized boolean revoke(String id) {
        update("UPDATE api_keys SET revoked = ? WHERE id = ? AND revoked IS NULL", now(), id);
        return find(id).isPresent();
    }

    /** Adds one answered request and its tokens to the key's current hour. */
    public synchronized void record(String keyId, int promptTokens, int completionTokens) {
        update("INSERT INTO key_usage (key_id, bucket, requests, prompt_tokens, completion_tokens) VALUES (?, ?, 1, ?, ?)"
                        + " ON CONFLICT (key_id, bucket) DO UPDATE SET requests = key_usage.requests + 1,"
                        + " prompt_tokens = key_usage.prompt_tokens + excluded.prompt_tokens,"
                        + " completion_tokens = key_usage.completion_tokens + excluded.completion_tokens",
                keyId, now() / 3600 * 3600, promptTokens, completionTokens);
    }

    /** The key's use by hour, oldest first. */
    public synchronized List<UsageBucket> usage(String keyId) {
        List<UsageBucket> out = new ArrayList<>();
        try (PreparedStatement s = prepare("SELECT bucket, requests, prompt_tokens, completion_tokens FROM key_usage"
                + " WHERE key_id = ? ORDER BY bucket", keyId); ResultSet rs = s.executeQuery()) {
            while (rs.next()) out.add(new UsageBucket(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
            return out;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private List<ApiKey> query(String sql, Object... args) {
        List<ApiKey> out = new ArrayList<>();
        try (PreparedStatement s = prepare(sql, args); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getObject(5) == null ? null : rs.getLong(5), rs.getObject(6) == null ? null : rs.getInt(6)));
            }
            return out;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private void update(String sql, Object... args) {
        try (PreparedStatement s = prepare(sql, args)) {
            s.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement s = db.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) s.setNull(i + 1, Types.NULL);
            else s.setObject(i + 1, args[i]);
        }
        return s;
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static IllegalStateException failed(SQLException e) {
        return new IllegalStateException("the key database failed: " + e.getMessage(), e);
    }
}
