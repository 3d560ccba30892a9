package dev.hanlm.studio.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bodies built to hurt the parser or the generator are refused with a 400 that names the problem. */
class HostileInputTest {
    @TempDir
    static Path tmp;
    static ServerFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new ServerFixture(tmp, 1 << 20);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static JsonNode refused(String body) throws Exception {
        HttpResponse<String> response = fixture.post("/v1/completions", body);
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = ServerFixture.json(response).path("error");
        assertEquals("invalid_request_error", error.path("type").asText());
        return error;
    }

    @Test
    void deepNestingIsRefused() throws Exception {
        String deep = "[".repeat(Json.MAX_NESTING + 1) + "]".repeat(Json.MAX_NESTING + 1);
        String message = refused("{\"model\": \"tiny\", \"prompt\": \"x\", \"extra\": " + deep + "}").path("message").asText();
        assertTrue(message.contains("nesting depth"), message);
    }

    @Test
    void hugeNumbersAreRefused() throws Exception {
        String digits = "9".repeat(Json.MAX_NUMBER_LENGTH + 1);
        assertTrue(refused("{\"model\": \"tiny\", \"prompt\": \"x\", \"seed\": " + digits + "}").path("message").asText().contains("Number value length"));
        assertEquals("max_tokens", refused("{\"model\": \"tiny\", \"prompt\": \"x\", \"max_tokens\": 1e300}").path("param").asText());
        assertEquals("seed", refused("{\"model\": \"tiny\", \"prompt\": \"x\", \"seed\": 99999999999999999999}").path("param").asText());
        assertEquals("temperature", refused("{\"model\": \"tiny\", \"prompt\": \"x\", \"temperature\": 1e999}").path("param").asText());
    }

    @Test
    void wrongTypesAreRefused() throws Exception {
        assertEquals("model", refused("{\"model\": [\"tiny\"], \"prompt\": \"x\"}").path("param").asText());
        assertEquals("stream", refused("{\"model\": \"tiny\", \"prompt\": \"x\", \"stream\": \"yes\"}").path("param").asText());
        assertEquals("stop", refused("{\"model\": \"tiny\", \"prompt\": \"x\", \"stop\": [1]}").path("param").asText());
        assertEquals("prompt", refused("{\"model\": \"tiny\", \"prompt\": {\"text\": \"x\"}}").path("param").asText());
    }

    @Test
    void overlongListsAreRefused() throws Exception {
        String stops = "[" + "\"a\",".repeat(CompletionApi.MAX_STOPS) + "\"b\"]";
        assertEquals("stop", refused("{\"model\": \"tiny\", \"prompt\": \"x\", \"stop\": " + stops + "}").path("param").asText());
    }
}
