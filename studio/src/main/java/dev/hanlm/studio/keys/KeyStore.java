package dev.hanlm.studio.keys;

import dev.hanlm.studio.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** API keys and their usage, in the Studio's {@link Database}. Closing the store closes its database. */
public final class KeyStore implements AutoCloseable {
    private static final String COLUMNS = "id, name, prefix, created, revoked, requests_per_minute";

    private final Database db;
    private final RateLimits limits = new RateLimits();
    private volatile boolean hasKeys;

    public KeyStore(Database db) {
        this.db = db;
        this.hasKeys = !db.query("SELECT id FROM api_keys", rs -> rs.getString(1)).isEmpty();
    }

    /**
     * Whether keys are enforced: once any key has been made, revoked ones included, so that revoking the last key does
     * not quietly open the server to everyone.
     */
    public boolean hasKeys() {
        return hasKeys;
    }

    /** The keys' per-minute counts, one for every endpoint that takes keys. */
    public RateLimits limits() {
        return limits;
    }

    /** Makes a key; {@code requestsPerMinute} null for no limit. */
    public synchronized NewKey create(String name, Integer requestsPerMinute) {
        String secret = Secrets.newKey();
        ApiKey key = new ApiKey(Secrets.newId(), name, secret.substring(0, Secrets.SHOWN), now(), null, requestsPerMinute);
        db.update("INSERT INTO api_keys (" + COLUMNS + ", hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                key.id(), key.name(), key.prefix(), key.created(), null, requestsPerMinute, Secrets.hash(secret));
        hasKeys = true;
        return new NewKey(key, secret);
    }

    public List<ApiKey> list() {
        return query("SELECT " + COLUMNS + " FROM api_keys ORDER BY created, id");
    }

    public Optional<ApiKey> find(String id) {
        return query("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?", id).stream().findFirst();
    }

    /** The key whose secret this is, revoked or not. */
    public Optional<ApiKey> bySecret(String secret) {
        return query("SELECT " + COLUMNS + " FROM api_keys WHERE hash = ?", Secrets.hash(secret)).stream().findFirst();
    }

    /** Revokes a key; false when there is no such key. Revoking twice keeps the first time. */
    public synchronized boolean revoke(String id) {
        db.update("UPDATE api_keys SET revoked = ? WHERE id = ? AND revoked IS NULL", now(), id);
        return find(id).isPresent();
    }

    /** Adds one answered request and its tokens to the key's current hour. */
    public void record(String keyId, int promptTokens, int completionTokens) {
        db.update("INSERT INTO key_usage (key_id, bucket, requests, prompt_tokens, completion_tokens) VALUES (?, ?, 1, ?, ?)"
                        + " ON CONFLICT (key_id, bucket) DO UPDATE SET requests = key_usage.requests + 1,"
                        + " prompt_tokens = key_usage.prompt_tokens + excluded.prompt_tokens,"
                        + " completion_tokens = key_usage.completion_tokens + excluded.completion_tokens",
                keyId, now() / 3600 * 3600, promptTokens, completionTokens);
    }

    /** The key's use by hour, oldest first. */
    public List<UsageBucket> usage(String keyId) {
        return db.query("SELECT bucket, requests, prompt_tokens, completion_tokens FROM key_usage WHERE key_id = ? ORDER BY bucket",
                rs -> new UsageBucket(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)), keyId);
    }

    @Override
    public void close() {
        db.close();
    }

    private List<ApiKey> query(String sql, Object... args) {
        return db.query(sql, KeyStore::key, args);
    }

    private static ApiKey key(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                Database.nullableLong(rs, 5), Database.nullableInt(rs, 6));
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
