package dev.hanlm.studio.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.studio.Backend;
import dev.hanlm.studio.RequestException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import io.javalin.util.JavalinException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * The HTTP server: OpenAI's API over the given backends, one model id each, with {@code /health} and {@code /metrics},
 * and, given {@link KeyAccess}, API keys ({@code /admin/keys}) that guard {@code /v1/*}.
 * Routes are lines here; what they do lives in the handlers. {@link Extension}s add more (the Studio's web app and its
 * APIs). The server owns its backends and extensions and closes them when it stops. Quiet: Javalin and Jetty log through
 * SLF4J, which the project binds to nothing.
 */
public final class StudioServer implements AutoCloseable {
    /**
     * More routes on this server, registered while it is configured. An extension's handlers throw to refuse a request
     * (a {@link RequestException} becomes its 4xx JSON error, as on {@code /v1}); the server closes the extension when
     * it stops, after its counted requests ended.
     */
    public interface Extension extends AutoCloseable {
        void register(JavalinConfig config, Services services);

        @Override
        default void close() {}
    }

    /**
     * What the server shares with its extensions.
     *
     * @param backends the models served, by id, in the order given
     * @param keys     the API keys, when the server has them
     * @param inFlight counts a handler's requests, so that a stopping server waits for them (wrap long work in it)
     * @param errors   the error answers, for a stream that fails after it began ({@link ApiErrors#of})
     */
    public record Services(Map<String, Backend> backends, Optional<KeyAccess> keys, InFlight inFlight, ApiErrors errors) {}

    private final Javalin app;
    private final Map<String, Backend> backends;
    private final ServerOptions options;
    private final InFlight inFlight = new InFlight();
    /** How long requests ended at shutdown have to send their error answers before the connections close. */
    private static final Duration LAST_EVENTS = Duration.ofSeconds(2);
    private final Optional<KeyAccess> keys;
    private final List<Extension> extensions;
    private final long created = System.currentTimeMillis() / 1000;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private StudioServer(List<Backend> backends, ServerOptions options, Optional<KeyAccess> keys, List<Extension> extensions) {
        this.options = options;
        this.keys = keys;
        this.extensions = List.copyOf(extensions);
        this.backends = new LinkedHashMap<>();
        for (Backend b : backends) {
            if (this.backends.putIfAbsent(b.id(), b) != null) {
                throw new IllegalArgumentException("two models are named '" + b.id() + "'; model ids must differ");
            }
        }
        ServerMetrics metrics = new ServerMetrics(this.backends.values());
        ApiErrors errors = new ApiErrors(options.maxBodyBytes());
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = options.host();
            config.jetty.port = options.port();
            config.http.maxRequestSize = options.maxBodyBytes();
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> { // on stop, answers being written are completed, not cut
                server.insertHandler(new GracefulHandler());
                server.setStopTimeout(LAST_EVENTS.toMillis());
            });
            keys.ifPresent(k -> {
                config.routes.before("/v1/*", new KeyGuard(k.store()));
                new AdminKeysApi(k).register(config);
            });
            config.routes.get("/v1/models", this::models);
            config.routes.get("/v1/models/{model}", this::model);
            config.routes.post("/v1/completions", inFlight.counting(new CompletionHandler(new TextCompletionApi(), this.backends, metrics, errors)));
            config.routes.post("/v1/chat/completions", inFlight.counting(new CompletionHandler(new ChatCompletionApi(), this.backends, metrics, errors)));
            config.routes.get("/health", this::health);
            Services services = new Services(Collections.unmodifiableMap(this.backends), keys, inFlight, errors);
            for (Extension extension : this.extensions) extension.register(config, services);
            config.routes.get("/metrics", ctx -> ctx.contentType(metrics.contentType()).result(metrics.scrape()));
            config.routes.exception(HttpResponseException.class, errors::answer);
            config.routes.exception(Exception.class, errors::answer);
            config.requestLogger.http((ctx, ms) -> metrics.request(route(ctx), ctx.method().name(), ctx.statusCode(), ms / 1000.0));
        });
    }

    /**
     * Starts serving {@code backends}, whose ids must differ; the server closes them when it stops, or at once when it
     * cannot start.
     *
     * @throws UncheckedIOException wrapping a {@link BindException} when the address cannot be bound
     */
    public static StudioServer start(List<Backend> backends, ServerOptions options) {
        return start(backends, options, Optional.empty());
    }

    /** As {@link #start(List, ServerOptions)}, with API keys from {@code keys}, whose store the server closes likewise. */
    public static StudioServer start(List<Backend> backends, ServerOptions options, Optional<KeyAccess> keys) {
        return start(backends, options, keys, List.of());
    }

    /** As {@link #start(List, ServerOptions, Optional)}, with the routes of {@code extensions}, which the server closes likewise. */
    public static StudioServer start(List<Backend> backends, ServerOptions options, Optional<KeyAccess> keys, List<Extension> extensions) {
        StudioServer server;
        try {
            server = new StudioServer(backends, options, keys, extensions);
        } catch (RuntimeException e) {
            backends.forEach(Backend::close);
            extensions.forEach(Extension::close);
            keys.ifPresent(k -> k.store().close());
            throw e;
        }
        try {
            server.app.start();
        } catch (JavalinException e) {
            server.close();
            BindException bind = new BindException("cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage());
            throw new UncheckedIOException(bind);
        }
        return server;
    }

    /** The port it listens on (the one picked when the options said 0). */
    public int port() {
        return app.port();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}; OpenAI clients take it with {@code /v1} after it. */
    public String url() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return "http://" + host + ":" + port();
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops gracefully: refuses new completions (503), lets the running ones finish within the shutdown grace, ends
     * the rest (a stream with an error event), stops listening and closes the backends. Safe to call twice.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            if (!inFlight.stop(options.shutdownGrace())) {
                backends.values().forEach(Backend::endRequests);
                inFlight.stop(LAST_EVENTS); // the ended requests still write their error answers
            }
            app.stop();
        } finally {
            backends.values().forEach(Backend::close);
            extensions.forEach(Extension::close);
            keys.ifPresent(k -> k.store().close());
            stopped.countDown();
        }
    }

    private void models(Context ctx) {
        Json.answer(ctx, 200, Json.list(backends.keySet().stream().map(this::modelCard).toList()));
    }

    private void model(Context ctx) {
        String id = ctx.pathParam("model");
        if (!backends.containsKey(id)) throw RequestException.modelNotFound(id);
        Json.answer(ctx, 200, modelCard(id));
    }

    private ObjectNode modelCard(String id) {
        return Json.object().put("id", id).put("object", "model").put("created", created).put("owned_by", "hanlm");
    }

    private void health(Context ctx) {
        ObjectNode health = Json.object().put("status", "ok");
        ArrayNode models = health.putArray("models");
        for (Backend b : backends.values()) models.addObject().put("id", b.id()).put("waiting", b.waiting());
        Json.answer(ctx, 200, health);
    }

    /** The matched route's pattern, so that metrics have one series per route, not per path a client tried. */
    private static String route(Context ctx) {
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        return endpoint == null || endpoint.path.isEmpty() ? "unmatched" : endpoint.path;
    }
}
