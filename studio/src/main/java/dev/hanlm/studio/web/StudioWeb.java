package dev.hanlm.studio.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.studio.Backend;
import dev.hanlm.studio.LocalBackend;
import dev.hanlm.studio.RequestException;
import dev.hanlm.studio.filter.AiFilters;
import dev.hanlm.studio.prompt.StudioParameters;
import dev.hanlm.studio.server.Json;
import dev.hanlm.studio.server.StudioServer;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.util.List;
import java.util.Map;

/**
 * The Studio in the browser: its page and scripts (from {@code /studio-web/} on the classpath) at {@code /}, CSRF
 * protection for every {@code /api} call that changes state, and the playground's API: the session (models, presets,
 * CLOVA defaults), runs and token counts. Other extensions (Apps) add their {@code /api} routes beside these and are
 * guarded alike.
 */
public final class StudioWeb implements StudioServer.Extension {
    /** The page allows only its own scripts, styles and connections: output that slipped into HTML still could not run. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private Map<String, Backend> backends;
    private final List<ObjectNode> presets = Presets.all();

    @Override
    public void register(JavalinConfig config, StudioServer.Services services) {
        this.backends = services.backends();
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/studio-web";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Content-Security-Policy", CONTENT_SECURITY_POLICY, "X-Content-Type-Options", "nosniff",
                    "Cache-Control", "no-cache");
        });
        config.routes.before("/api/*", CsrfGuard::check);
        config.routes.get("/api/session", this::session);
        config.routes.get("/api/presets", ctx -> Json.answer(ctx, 200, Json.list(presets)));
        config.routes.post("/api/tokenize", this::tokenize);
        config.routes.post("/api/playground/run", services.inFlight().counting(new PlaygroundRun(backends, services.errors())));
    }

    /** What the page needs to start: its CSRF token, the models, the presets' titles and CLOVA's defaults. */
    private void session(Context ctx) {
        ObjectNode session = Json.object().put("csrfToken", CsrfGuard.token(ctx));
        ArrayNode models = session.putArray("models");
        for (Backend b : backends.values()) models.addObject().put("id", b.id()).put("kind", b instanceof LocalBackend ? "local" : "remote");
        ArrayNode list = session.putArray("presets");
        for (ObjectNode p : presets) list.addObject().put("id", p.get("id").asText()).set("title", p.get("title"));
        session.set("defaults", Json.MAPPER.valueToTree(StudioParameters.defaults()));
        session.set("filters", Json.MAPPER.valueToTree(AiFilters.names()));
        Json.answer(ctx, 200, session);
    }

    /** The assembled prompt of a run's body and its tokens for the chosen model ({@code count} null when it cannot tell). */
    private void tokenize(Context ctx) {
        PlaygroundRequest run = PlaygroundRequest.parse(ctx.bodyAsBytes());
        Backend backend = backends.get(run.model());
        if (backend == null) throw RequestException.modelNotFound(run.model());
        String text = run.text() + run.parameters().injectStartText();
        ObjectNode answer = Json.object().put("model", run.model()).put("text", text);
        backend.tokens(text).ifPresentOrElse(tokens -> {
            answer.put("count", tokens.size());
            answer.set("tokens", Json.MAPPER.valueToTree(tokens));
        }, () -> answer.putNull("count"));
        Json.answer(ctx, 200, answer);
    }
}
