package dev.hanlm.studio.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.studio.RequestException;
import dev.hanlm.studio.keys.ApiKey;
import dev.hanlm.studio.keys.KeyStore;
import dev.hanlm.studio.keys.NewKey;
import dev.hanlm.studio.keys.UsageBucket;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * {@code /admin/keys}: make a key (its secret is answered this once), list keys (their prefixes only), revoke one, and
 * read one's usage. Every request needs the admin token. The Studio's web app serves the same routes under its own
 * guard ({@link #routes}).
 */
public final class AdminKeysApi {
    private final KeyStore store;
    private final Optional<AdminToken> admin;

    public AdminKeysApi(KeyAccess access) {
        this.store = access.store();
        this.admin = access.admin();
    }

    void register(JavalinConfig config) {
        config.routes.before("/admin/*", this::authorize);
        routes(config, "/admin/keys");
    }

    /** The key routes under {@code base}, guarded by whatever guards that path. */
    public void routes(JavalinConfig config, String base) {
        config.routes.post(base, this::create);
        config.routes.get(base, this::list);
        config.routes.delete(base + "/{id}", this::revoke);
        config.routes.get(base + "/{id}/usage", this::usage);
    }

    private void authorize(Context ctx) {
        if (admin.isEmpty()) {
            throw new RequestException(403, null, "admin_disabled", "the admin API is off; start the server with --admin-token-env");
        }
        if (!admin.get().admits(ctx)) {
            throw new RequestException(401, null, "invalid_admin_token", "the admin API needs 'Authorization: Bearer <admin token>'");
        }
    }

    private void create(Context ctx) {
        JsonRequest body = JsonRequest.parse(ctx.bodyAsBytes());
        String name = body.requiredString("name");
        if (name.isBlank() || name.length() > 200) throw RequestException.invalid("name", "name must have 1 to 200 characters");
        NewKey made = store.create(name, body.integer("requests_per_minute", 1, Integer.MAX_VALUE));
        Json.answer(ctx, 201, card(made.key()).put("key", made.secret()));
    }

    private void list(Context ctx) {
        Json.answer(ctx, 200, Json.list(store.list().stream().map(AdminKeysApi::card).toList()));
    }

    private void revoke(Context ctx) {
        String id = ctx.pathParam("id");
        if (!store.revoke(id)) throw unknown(id);
        Json.answer(ctx, 200, card(store.find(id).orElseThrow()));
    }

    private void usage(Context ctx) {
        String id = ctx.pathParam("id");
        if (store.find(id).isEmpty()) throw unknown(id);
        ObjectNode usage = Json.object().put("id", id);
        ArrayNode buckets = usage.putArray("hours");
        long requests = 0, prompt = 0, completion = 0;
        for (UsageBucket b : store.usage(id)) {
            buckets.addObject().put("start", b.start()).put("requests", b.requests())
                    .put("prompt_tokens", b.promptTokens()).put("completion_tokens", b.completionTokens());
            requests += b.requests();
            prompt += b.promptTokens();
            completion += b.completionTokens();
        }
        usage.put("requests", requests).put("prompt_tokens", prompt).put("completion_tokens", completion);
        Json.answer(ctx, 200, usage);
    }

    private static ObjectNode card(ApiKey key) {
        return Json.object().put("id", key.id()).put("object", "api_key").put("name", key.name()).put("prefix", key.prefix())
                .put("created", key.created()).put("revoked", key.revoked()).put("requests_per_minute", key.requestsPerMinute());
    }

    private static RequestException unknown(String id) {
        return new RequestException(404, null, "key_not_found", "there is no key '" + id + "'");
    }
}
