package dev.hanlm.studio.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hanlm.engine.LoadOptions;
import dev.hanlm.studio.LocalBackend;
import dev.hanlm.studio.ModelQueue;
import dev.hanlm.studio.TinyModel;
import dev.hanlm.studio.keys.KeyStore;
import dev.hanlm.studio.server.KeyAccess;
import dev.hanlm.studio.server.ServerOptions;
import dev.hanlm.studio.server.StudioServer;
import dev.hanlm.studio.store.Database;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Studio server with the Apps over three models: the tiny random GPT-2 ({@value #TINY}, local, for tuning), one that
 * always answers 긍정 ({@value #CONSTANT}) and one that always answers with an e-mail address ({@value #LEAKY}).
 */
final class AppsFixture implements AutoCloseable {
    static final String TINY = "tiny", CONSTANT = "constant", LEAKY = "leaky";
    static final ObjectMapper JSON = new ObjectMapper();

    final StudioServer server;
    final ConstantBackend constant = new ConstantBackend(CONSTANT, "긍정");
    private final HttpClient http = HttpClient.newHttpClient();

    AppsFixture(Path tmp) {
        Path model = TinyModel.write(tmp.resolve(TINY));
        Path data = tmp.resolve("data");
        Database db = Database.inDirectory(data);
        server = StudioServer.start(List.of(LocalBackend.load(TINY, model, LoadOptions.defaults(), ModelQueue.Limits.defaults()),
                        constant, new ConstantBackend(LEAKY, "mail kim@example.com")),
                ServerOptions.defaults().withPort(0), Optional.of(new KeyAccess(new KeyStore(db), Optional.empty())),
                List.of(new AppsApi(new AppStore(db), data)));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
        return send(jsonBody(HttpRequest.newBuilder(uri(path))).POST(HttpRequest.BodyPublishers.ofString(text(body))));
    }

    HttpResponse<String> put(String path, Object body) throws IOException, InterruptedException {
        return send(jsonBody(HttpRequest.newBuilder(uri(path))).PUT(HttpRequest.BodyPublishers.ofString(text(body))));
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** Calls a deployed App with {@code key} (none when null). */
    HttpResponse<String> complete(String app, String key, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = jsonBody(HttpRequest.newBuilder(uri("/api/apps/" + app + "/complete")));
        if (key != null) request.header("Authorization", "Bearer " + key);
        return send(request.POST(HttpRequest.BodyPublishers.ofString(text(body))));
    }

    /** Saves a version of {@code app} and returns its number. */
    int save(String app, Object spec) throws IOException, InterruptedException {
        HttpResponse<String> saved = post("/api/apps/" + app + "/versions", Map.of("spec", spec));
        if (saved.statusCode() != 201) throw new AssertionError(saved.statusCode() + " " + saved.body());
        return json(saved).get("version").asInt();
    }

    /** Makes an API key: its card, with the secret in {@code key}. */
    JsonNode key(String name, Integer requestsPerMinute) throws IOException, InterruptedException {
        Map<String, Object> body = new HashMap<>(Map.of("name", name));
        if (requestsPerMinute != null) body.put("requests_per_minute", requestsPerMinute);
        return json(post("/api/keys", body));
    }

    /** Waits for a job to end and returns its last state. */
    JsonNode awaitJob(String id) throws IOException, InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < end) {
            JsonNode state = json(get("/api/jobs/" + id));
            if (state.get("status").asText().matches("done|failed")) return state;
            Thread.sleep(50);
        }
        throw new AssertionError("the job " + id + " did not end");
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static HttpRequest.Builder jsonBody(HttpRequest.Builder request) {
        return request.header("Content-Type", "application/json");
    }

    private static String text(Object body) throws IOException {
        return body instanceof String s ? s : JSON.writeValueAsString(body);
    }

    private URI uri(String path) {
        return URI.create(server.url() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
    }
}
