package dev.hanlm.studio.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hanlm.studio.Backend;
import dev.hanlm.studio.Completion;
import dev.hanlm.studio.CompletionListener;
import dev.hanlm.studio.CompletionRequest;
import dev.hanlm.studio.keys.KeyStore;
import dev.hanlm.studio.store.Database;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API keys over HTTP, on a server whose one model answers at once with fixed usage. */
class KeysApiTest {
    private static final String ADMIN = "admin-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMPLETION = "{\"model\":\"fixed\",\"prompt\":\"hi\"}";

    @TempDir
    Path dataDir;
    private StudioServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Answers "ok" with 5 prompt and 2 completion tokens. */
    private static final class FixedBackend implements Backend {
        public String id() {
            return "fixed";
        }

        public Completion complete(CompletionRequest request, CompletionListener listener) {
            return new Completion(List.of(new Completion.Choice(0, "ok", Completion.STOP, List.of(), 2)), 5, 2);
        }

        public int waiting() {
            return 0;
        }

        public void close() {}
    }

    @BeforeEach
    void start() {
        server = StudioServer.start(List.of(new FixedBackend()), ServerOptions.defaults().withPort(0),
                Optional.of(new KeyAccess(new KeyStore(Database.inDirectory(dataDir)), Optional.of(new AdminToken(ADMIN)))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String bearer, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(int status, HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private JsonNode create(String body) throws Exception {
        return ok(201, send("POST", "/admin/keys", ADMIN, body));
    }

    private void assertInvalidKey(String bearer) throws Exception {
        JsonNode error = ok(401, send("POST", "/v1/completions", bearer, COMPLETION)).path("error");
        assertEquals("invalid_api_key", error.path("code").asText());
        assertEquals("invalid_request_error", error.path("type").asText());
    }

    @Test
    void keysAreMadeListedWithoutTheirSecretAndRevoked() throws Exception {
        JsonNode made = create("{\"name\":\"app\",\"requests_per_minute\":30}");
        String secret = made.path("key").asText();
        assertTrue(secret.matches("hanlm-[A-Za-z0-9_-]{32}"), secret);
        assertEquals(30, made.path("requests_per_minute").asInt());

        JsonNode listed = ok(200, send("GET", "/admin/keys", ADMIN, null)).path("data");
        assertEquals(1, listed.size());
        assertEquals(made.path("id"), listed.get(0).path("id"));
        assertEquals(secret.substring(0, 10), listed.get(0).path("prefix").asText());
        assertFalse(listed.toString().contains(secret), "the secret is shown once");

        JsonNode revoked = ok(200, send("DELETE", "/admin/keys/" + made.path("id").asText(), ADMIN, null));
        assertTrue(revoked.path("revoked").isNumber());
        ok(404, send("DELETE", "/admin/keys/key_none", ADMIN, null));
    }

    @Test
    void theAdminApiNeedsTheAdminToken() throws Exception {
        assertEquals("invalid_admin_token", ok(401, send("GET", "/admin/keys", null, null)).path("error").path("code").asText());
        ok(401, send("POST", "/admin/keys", "wrong", "{\"name\":\"x\"}"));
        ok(400, send("POST", "/admin/keys", ADMIN, "{\"name\":\"x\",\"requests_per_minute\":0}"));
    }

    @Test
    void onceAKeyExistsV1NeedsALiveOne() throws Exception {
        ok(200, send("POST", "/v1/completions", null, COMPLETION));
        JsonNode made = create("{\"name\":\"app\"}");
        assertInvalidKey(null);
        assertInvalidKey("hanlm-" + "x".repeat(32));
        ok(200, send("GET", "/v1/models", made.path("key").asText(), null));
        ok(200, send("DELETE", "/admin/keys/" + made.path("id").asText(), ADMIN, null));
        assertInvalidKey(made.path("key").asText());
        ok(200, send("GET", "/health", null, null));
    }

    @Test
    void aKeyOverItsPerMinuteLimitGets429WithRetryAfter() throws Exception {
        String key = create("{\"name\":\"app\",\"requests_per_minute\":2}").path("key").asText();
        String other = create("{\"name\":\"other\"}").path("key").asText();
        for (int i = 0; i < 2; i++) ok(200, send("POST", "/v1/completions", key, COMPLETION));
        HttpResponse<String> limited = send("POST", "/v1/completions", key, COMPLETION);
        assertEquals("rate_limit_exceeded", ok(429, limited).path("error").path("code").asText());
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        ok(200, send("POST", "/v1/completions", other, COMPLETION));
    }

    @Test
    void usageIsCountedPerKeyAndKeysSurviveARestart() throws Exception {
        JsonNode made = create("{\"name\":\"app\"}");
        String key = made.path("key").asText();
        String usagePath = "/admin/keys/" + made.path("id").asText() + "/usage";
        ok(200, send("POST", "/v1/completions", key, COMPLETION));
        ok(200, send("POST", "/v1/chat/completions", key, "{\"model\":\"fixed\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));

        server.close();
        start();
        JsonNode usage = ok(200, send("GET", usagePath, ADMIN, null));
        assertEquals(List.of(2, 10, 4), List.of(usage.path("requests").asInt(), usage.path("prompt_tokens").asInt(),
                usage.path("completion_tokens").asInt()), usage.toString());
        ok(200, send("POST", "/v1/completions", key, COMPLETION));
        assertInvalidKey(null);
    }
}
