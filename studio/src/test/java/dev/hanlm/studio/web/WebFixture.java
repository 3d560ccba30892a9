package dev.hanlm.studio.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hanlm.engine.LoadOptions;
import dev.hanlm.studio.LocalBackend;
import dev.hanlm.studio.ModelQueue;
import dev.hanlm.studio.apps.AppStore;
import dev.hanlm.studio.apps.AppsApi;
import dev.hanlm.studio.keys.KeyStore;
import dev.hanlm.studio.server.KeyAccess;
import dev.hanlm.studio.server.ServerOptions;
import dev.hanlm.studio.server.StudioServer;
import dev.hanlm.studio.store.Database;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The Studio as {@code hanlm studio} runs it (the web app, Apps and API keys in a database under a scratch folder) over
 * one local model on a free port, and a client that keeps cookies as a browser does.
 */
final class WebFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final String model;
    final StudioServer server;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    WebFixture(String model, Path dir, Path dataDir) {
        this.model = model;
        Database database = Database.inDirectory(dataDir);
        server = StudioServer.start(List.of(LocalBackend.load(model, dir, LoadOptions.defaults(), ModelQueue.Limits.defaults())),
                ServerOptions.defaults().withPort(0), Optional.of(new KeyAccess(new KeyStore(database), Optional.empty())),
                List.of(new StudioWeb(), new AppsApi(new AppStore(database), dataDir)));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs JSON with {@code csrf} in the CSRF header, or without the header when null. */
    HttpResponse<String> post(String path, String body, String csrf) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (csrf != null) request.header(CsrfGuard.HEADER, csrf);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a session as the page does: its CSRF token (the cookie is kept by the client). */
    String session() throws IOException, InterruptedException {
        HttpResponse<String> session = get("/api/session");
        if (session.statusCode() != 200) throw new IllegalStateException("GET /api/session answered " + session.statusCode() + ": " + session.body());
        return json(session).get("csrfToken").asText();
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        server.close();
    }
}
