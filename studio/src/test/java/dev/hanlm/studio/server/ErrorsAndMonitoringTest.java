package dev.hanlm.studio.server;

import static dev.hanlm.studio.server.ServerFixture.MODEL;
import static dev.hanlm.studio.server.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal in OpenAI's error shape with its status, and what /health and /metrics report. */
class ErrorsAndMonitoringTest {
    private static final long BODY_LIMIT = 4096;

    @TempDir
    static Path tmp;
    static ServerFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new ServerFixture(tmp, BODY_LIMIT);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** Checks the status and the error's shape, and returns the error object. */
    private static JsonNode error(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode error = json(response).path("error");
        for (String field : new String[] {"message", "type", "param", "code"}) assertTrue(error.has(field), field + " in " + error);
        assertTrue(error.path("message").asText().length() > 10, error.toString());
        assertTrue(!response.body().contains("Exception") && !response.body().contains("\tat "), "no stack trace: " + response.body());
        return error;
    }

    private static String chat(String extraFields) {
        return "{\"model\": \"" + MODEL + "\", \"messages\": [{\"role\": \"user\", \"content\": \"안녕\"}]" + extraFields + "}";
    }

    @Test
    void badJsonIsA400() throws Exception {
        JsonNode e = error(fixture.post("/v1/chat/completions", "{\"model\": \"tiny\", "), 400);
        assertEquals("invalid_request_error", e.path("type").asText());
        assertEquals("the body is not valid JSON at line 1, column 19: Unexpected end-of-input within/between Object entries",
                e.path("message").asText());
        error(fixture.post("/v1/chat/completions", "[1, 2]"), 400);
        error(fixture.post("/v1/chat/completions", chat("") + " trailing"), 400);
    }

    @Test
    void anUnknownModelIsA404ModelNotFound() throws Exception {
        JsonNode e = error(fixture.post("/v1/chat/completions", chat("").replace("\"tiny\"", "\"gpt-4\"")), 404);
        assertEquals("model_not_found", e.path("code").asText());
        assertEquals("model", e.path("param").asText());
        assertEquals("model_not_found", error(fixture.get("/v1/models/gpt-4"), 404).path("code").asText());
    }

    @Test
    void missingOrInvalidFieldsAre400sNamingTheField() throws Exception {
        assertEquals("messages", error(fixture.post("/v1/chat/completions", "{\"model\": \"tiny\"}"), 400).path("param").asText());
        assertEquals("messages", error(fixture.post("/v1/chat/completions", "{\"model\": \"tiny\", \"messages\": []}"), 400).path("param").asText());
        assertEquals("model", error(fixture.post("/v1/completions", "{\"prompt\": \"x\"}"), 400).path("param").asText());
        assertEquals("max_tokens", error(fixture.post("/v1/chat/completions", chat(", \"max_tokens\": -1")), 400).path("param").asText());
        assertEquals("temperature", error(fixture.post("/v1/chat/completions", chat(", \"temperature\": \"hot\"")), 400).path("param").asText());
        assertEquals("temperature", error(fixture.post("/v1/chat/completions", chat(", \"temperature\": 3")), 400).path("param").asText());
        assertEquals("n", error(fixture.post("/v1/chat/completions", chat(", \"n\": 1.5")), 400).path("param").asText());
        assertEquals("repetition_penalty", error(fixture.post("/v1/chat/completions", chat(", \"repetition_penalty\": 11")), 400).path("param").asText());
        assertEquals("top_logprobs", error(fixture.post("/v1/chat/completions", chat(", \"top_logprobs\": 2")), 400).path("param").asText());
        assertEquals("messages[0].role", error(fixture.post("/v1/chat/completions",
                chat("").replace("\"user\"", "\"tool\"")), 400).path("param").asText());
        JsonNode tools = error(fixture.post("/v1/chat/completions", chat(", \"tools\": [{\"type\": \"function\"}]")), 400);
        assertEquals("unsupported_parameter", tools.path("code").asText());
        JsonNode tooLong = error(fixture.post("/v1/completions", "{\"model\": \"tiny\", \"prompt\": \"x\", \"max_tokens\": 1000}"), 400);
        assertEquals("context_length_exceeded", tooLong.path("code").asText());
    }

    @Test
    void anOversizedBodyIsA413() throws Exception {
        String big = chat("").replace("안녕", "가".repeat((int) BODY_LIMIT));
        assertEquals("request_too_large", error(fixture.post("/v1/chat/completions", big), 413).path("code").asText());
    }

    @Test
    void wrongRoutesAre404AndWrongMethods405() throws Exception {
        assertEquals("unknown_url", error(fixture.post("/v1/nothing", "{}"), 404).path("code").asText());
        HttpResponse<String> wrongMethod = fixture.get("/v1/chat/completions");
        error(wrongMethod, 405);
        assertEquals("POST", wrongMethod.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void healthSaysOkAndListsTheModels() throws Exception {
        HttpResponse<String> response = fixture.get("/health");
        assertEquals(200, response.statusCode());
        JsonNode health = json(response);
        assertEquals("ok", health.path("status").asText());
        assertEquals(MODEL, health.path("models").get(0).path("id").asText());
        assertEquals(0, health.path("models").get(0).path("waiting").asInt());
    }

    @Test
    void metricsCountRequestsTokensAndLatency() throws Exception {
        String before = fixture.get("/metrics").body();
        JsonNode completion = json(fixture.post("/v1/completions", "{\"model\": \"tiny\", \"prompt\": \"가\", \"max_tokens\": 3, \"temperature\": 0}"));
        fixture.post("/v1/completions", "{\"model\": \"nobody\", \"prompt\": \"가\"}");
        fixture.get("/no/such/path");
        HttpResponse<String> response = fixture.get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String metrics = response.body();
        assertTrue(metrics.contains("hanlm_http_requests_total{method=\"POST\",route=\"/v1/completions\",status=\"200\"}"), metrics);
        assertTrue(metrics.contains("hanlm_http_requests_total{method=\"POST\",route=\"/v1/completions\",status=\"404\"}"), metrics);
        assertTrue(metrics.contains("route=\"unmatched\",status=\"404\"}"), metrics);
        assertTrue(metrics.contains("hanlm_http_request_duration_seconds_bucket{route=\"/v1/completions\",le=\"0.005\"}"), metrics);
        assertTrue(metrics.contains("hanlm_generated_tokens_total{model=\"tiny\"}"), metrics);
        assertTrue(metrics.contains("hanlm_prompt_tokens_total{model=\"tiny\"}"), metrics);
        assertTrue(metrics.contains("hanlm_queue_depth{model=\"tiny\"} 0.0"), metrics);
        // one lone generation: a decode step after each token but the last (at most), one row each; none runs now
        String steps = "hanlm_decode_steps_total{model=\"tiny\"}", rows = "hanlm_decode_rows_total{model=\"tiny\"}";
        double stepsRun = sample(metrics, steps) - sample(before, steps), rowsRun = sample(metrics, rows) - sample(before, rows);
        int generated = completion.path("usage").path("completion_tokens").asInt();
        assertTrue(stepsRun >= generated - 1 && stepsRun <= generated, stepsRun + " steps for " + generated + " tokens");
        assertEquals(stepsRun, rowsRun, metrics);
        assertEquals(0, sample(metrics, "hanlm_running_generations{model=\"tiny\"}"), metrics);
    }

    /** The value of the sample line that starts with {@code series}. */
    private static double sample(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(series + " is missing from\n" + metrics));
    }
}
