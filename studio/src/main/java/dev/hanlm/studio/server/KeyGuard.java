package dev.hanlm.studio.server;

import dev.hanlm.studio.Completion;
import dev.hanlm.studio.RequestException;
import dev.hanlm.studio.keys.ApiKey;
import dev.hanlm.studio.keys.KeyStore;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.OptionalLong;

/**
 * Runs before every {@code /v1/*} request once keys exist: the request needs a live key within its per-minute limit.
 * The key is left on the request so that its completion's usage is counted to it.
 */
public final class KeyGuard implements Handler {
    private static final String KEY = "hanlm.apiKey";

    private final KeyStore store;
    public KeyGuard(KeyStore store) {
        this.store = store;
    }

    @Override
    public void handle(Context ctx) {
        if (store.hasKeys()) admit(ctx);
    }

    /**
     * Requires a live key within its limit whether or not keys are in use (a deployed App's endpoint always needs one):
     * 401 without, 429 over its limit.
     */
    public void admit(Context ctx) {
        String secret = AdminToken.bearer(ctx).orElseThrow(() -> invalidKey("no API key was given; send it as 'Authorization: Bearer <key>'"));
        ApiKey key = store.bySecret(secret).orElseThrow(() -> invalidKey("the API key is not valid"));
        if (key.isRevoked()) throw invalidKey("the API key has been revoked");
        OptionalLong retryAfter = store.limits().admit(key, System.currentTimeMillis());
        if (retryAfter.isPresent()) throw RequestException.keyRateLimited(key.requestsPerMinute(), retryAfter.getAsLong());
        ctx.attribute(KEY, new Counter(store, key.id()));
    }

    /** Counts the completion to the request's key, if it came with one. */
    public static void recordUsage(Context ctx, Completion completion) {
        Counter counter = ctx.attribute(KEY);
        if (counter != null) counter.store.record(counter.keyId, completion.promptTokens(), completion.completionTokens());
    }

    private record Counter(KeyStore store, String keyId) {}

    private static RequestException invalidKey(String message) {
        return new RequestException(401, null, "invalid_api_key", message);
    }
}
