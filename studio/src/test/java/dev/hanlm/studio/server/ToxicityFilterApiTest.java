package dev.hanlm.studio.server;

import static dev.hanlm.studio.server.ServerFixture.JSON;
import static dev.hanlm.studio.server.ServerFixture.MODEL;
import static dev.hanlm.studio.server.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.studio.filter.AiFilters;
import dev.hanlm.studio.filter.FilterSettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code toxicity} classifier in {@code ai_filters} over HTTP. */
class ToxicityFilterApiTest {
    private static final String INSULT = "이 개새끼야 꺼져 병신아";

    @TempDir
    static Path tmp;
    static ServerFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new ServerFixture(tmp, ServerOptions.DEFAULT_MAX_BODY_BYTES);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static ObjectNode completion(String prompt, String target, String action) {
        ObjectNode request = JSON.createObjectNode().put("model", MODEL).put("prompt", prompt).put("max_tokens", 4).put("temperature", 0);
        request.putObject("ai_filters").put("action", action).putArray(target).add("toxicity");
        return request;
    }

    @Test
    void aToxicPromptIsBlocked() throws Exception {
        HttpResponse<String> response = fixture.post("/v1/completions", completion(INSULT, "input", "block").toString());
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("content_filtered", json(response).path("error").path("code").asText());
    }

    @Test
    void aCleanPromptPassesWithItsScoreReported() throws Exception {
        HttpResponse<String> response = fixture.post("/v1/completions", completion("오늘 날씨가 정말 좋네요", "input", "block").toString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode report = json(response).path("ai_filters").get(0);
        assertEquals("toxicity", report.path("name").asText());
        assertEquals("none", report.path("action_taken").asText());
        double score = report.path("score").asDouble();
        assertTrue(score > 0 && score < 0.5, "score " + score);
    }

    @Test
    void theOutputScoreIsTheClassifiersScoreOfTheReturnedText() throws Exception {
        ObjectNode request = completion("봄", "output", "score").put("inject_start_text", INSULT + " ");
        JsonNode body = json(fixture.post("/v1/completions", request.toString()));
        String text = body.path("choices").get(0).path("text").asText();
        assertTrue(text.startsWith(INSULT), text);
        double expected = AiFilters.screen(List.of("toxicity"), FilterSettings.Action.SCORE, List.of(text)).reports().getFirst().score();
        assertEquals(expected, body.path("ai_filters").get(0).path("score").asDouble());
    }

    @Test
    void aRequestThresholdOverridesTheClassifiersAndIsChecked() throws Exception {
        ObjectNode lenient = completion(INSULT, "input", "block");
        ((ObjectNode) lenient.path("ai_filters")).put("toxicity_threshold", 1.0);
        HttpResponse<String> response = fixture.post("/v1/completions", lenient.toString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("none", json(response).path("ai_filters").get(0).path("action_taken").asText());

        ObjectNode wrong = completion(INSULT, "input", "block");
        ((ObjectNode) wrong.path("ai_filters")).put("toxicity_threshold", 1.5);
        response = fixture.post("/v1/completions", wrong.toString());
        assertEquals(400, response.statusCode());
        assertEquals("ai_filters.toxicity_threshold", json(response).path("error").path("param").asText());
    }
}
