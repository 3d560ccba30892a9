package dev.hanlm.studio.server;

import static dev.hanlm.studio.server.ServerFixture.JSON;
import static dev.hanlm.studio.server.ServerFixture.MODEL;
import static dev.hanlm.studio.server.ServerFixture.events;
import static dev.hanlm.studio.server.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ai_filters} over HTTP. The tiny model writes noise, so output filters are given something to find through
 * {@code inject_start_text}, which begins each choice's text.
 */
class AiFiltersApiTest {
    private static final String PHONE = "010-1234-5678";
    private static final String START = "연락처 " + PHONE + " ";

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

    /** A greedy completion that starts its text with a phone number. */
    private static ObjectNode completion(String prompt) {
        return JSON.createObjectNode().put("model", MODEL).put("prompt", prompt).put("max_tokens", 8).put("temperature", 0)
                .put("inject_start_text", START);
    }

    private static ObjectNode filters(ObjectNode request, String target, String filter, String action) {
        ObjectNode filters = request.putObject("ai_filters").put("action", action);
        filters.putArray(target).add(filter);
        return request;
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return json(response);
    }

    @Test
    void withoutAiFiltersNothingIsFilteredOrReported() throws Exception {
        JsonNode body = ok(fixture.post("/v1/completions", completion("봄").toString()));
        assertTrue(body.path("choices").get(0).path("text").asText().startsWith(START));
        assertFalse(body.has("ai_filters"));
    }

    @Test
    void aBlockedPromptIsRefusedWithContentFiltered() throws Exception {
        HttpResponse<String> response = fixture.post("/v1/completions", filters(completion("이 씨발 뭐야"), "input", "profanity", "block").toString());
        assertEquals(400, response.statusCode());
        JsonNode error = json(response).path("error");
        assertEquals("content_filtered", error.path("code").asText());
        assertEquals("prompt", error.path("param").asText());
    }

    @Test
    void chatInputScoresNameTheMessageOfEachSpan() throws Exception {
        ObjectNode request = JSON.createObjectNode().put("model", MODEL).put("max_tokens", 4);
        request.putArray("messages").add(JSON.createObjectNode().put("role", "system").put("content", "짧게"))
                .add(JSON.createObjectNode().put("role", "user").put("content", "메일 kim@x.kr"));
        filters(request, "input", "pii", "score");
        JsonNode report = ok(fixture.post("/v1/chat/completions", request.toString())).path("ai_filters").get(0);
        assertEquals("pii", report.path("name").asText());
        assertEquals("input", report.path("target").asText());
        assertEquals(1.0, report.path("score").asDouble());
        assertEquals("none", report.path("action_taken").asText());
        JsonNode span = report.path("spans").get(0);
        assertEquals(1, span.path("message").asInt());
        assertEquals(3, span.path("start").asInt());
        assertEquals(11, span.path("end").asInt());
        assertEquals("이메일", span.path("type").asText());
    }

    @Test
    void aMaskedPromptIsWhatTheModelReads() throws Exception {
        JsonNode body = ok(fixture.post("/v1/completions", filters(completion("내 번호 " + PHONE), "input", "pii", "mask").toString()));
        assertEquals(fixture.promptTokens("내 번호 [전화번호]" + START), body.path("usage").path("prompt_tokens").asInt());
        assertEquals("masked", body.path("ai_filters").get(0).path("action_taken").asText());
    }

    @Test
    void outputScoresReportEachChoiceAndLeaveTheText() throws Exception {
        ObjectNode request = filters(completion("봄").put("n", 2), "output", "pii", "score");
        JsonNode body = ok(fixture.post("/v1/completions", request.toString()));
        assertTrue(body.path("choices").get(1).path("text").asText().startsWith(START));
        JsonNode reports = body.path("ai_filters");
        assertEquals(2, reports.size());
        for (int i = 0; i < 2; i++) {
            assertEquals("output", reports.get(i).path("target").asText());
            assertEquals(i, reports.get(i).path("index").asInt());
            assertEquals(1.0, reports.get(i).path("score").asDouble());
            assertEquals(4, reports.get(i).path("spans").get(0).path("start").asInt());
            assertEquals(4 + PHONE.length(), reports.get(i).path("spans").get(0).path("end").asInt());
        }
    }

    @Test
    void maskedOutputHasThePlaceholderInsteadOfTheSpan() throws Exception {
        String plain = ok(fixture.post("/v1/completions", completion("봄").toString())).path("choices").get(0).path("text").asText();
        JsonNode body = ok(fixture.post("/v1/completions", filters(completion("봄"), "output", "pii", "mask").toString()));
        assertEquals(plain.replace(PHONE, "[전화번호]"), body.path("choices").get(0).path("text").asText());
        assertEquals("masked", body.path("ai_filters").get(0).path("action_taken").asText());
    }

    @Test
    void blockedChatOutputIsEmptyWithFinishReasonContentFilter() throws Exception {
        ObjectNode request = JSON.createObjectNode().put("model", MODEL).put("max_tokens", 4).put("inject_start_text", START);
        request.putArray("messages").addObject().put("role", "user").put("content", "연락처 알려줘");
        JsonNode body = ok(fixture.post("/v1/chat/completions", filters(request, "output", "pii", "block").toString()));
        JsonNode choice = body.path("choices").get(0);
        assertEquals("", choice.path("message").path("content").asText());
        assertEquals("content_filter", choice.path("finish_reason").asText());
        assertEquals("blocked", body.path("ai_filters").get(0).path("action_taken").asText());
    }

    @Test
    void aStreamHoldsMaskedTextUntilTheChoiceEndsAndReportsLast() throws Exception {
        JsonNode whole = ok(fixture.post("/v1/completions", filters(completion("봄"), "output", "pii", "mask").toString()));
        ObjectNode request = filters(completion("봄"), "output", "pii", "mask").put("stream", true);
        var events = events(fixture.post("/v1/completions", request.toString()).body());
        assertEquals(3, events.size(), "the held text, the finish, the reports: " + events);
        assertEquals(whole.path("choices").get(0).path("text").asText(), JSON.readTree(events.get(0)).path("choices").get(0).path("text").asText());
        JsonNode last = JSON.readTree(events.get(2));
        assertTrue(last.path("choices").isEmpty());
        assertEquals(whole.path("ai_filters"), last.path("ai_filters"));
    }

    @Test
    void aStreamOfABlockedChoiceEndsItWithContentFilter() throws Exception {
        ObjectNode request = filters(completion("봄"), "output", "pii", "block").put("stream", true);
        var events = events(fixture.post("/v1/completions", request.toString()).body());
        JsonNode finish = JSON.readTree(events.get(0)).path("choices").get(0);
        assertEquals("", finish.path("text").asText());
        assertEquals("content_filter", finish.path("finish_reason").asText());
    }

    @Test
    void anUnknownFilterOrActionIsRefused() throws Exception {
        HttpResponse<String> response = fixture.post("/v1/completions", filters(completion("봄"), "input", "sentiment", "score").toString());
        assertEquals(400, response.statusCode());
        assertEquals("ai_filters.input", json(response).path("error").path("param").asText());
        response = fixture.post("/v1/completions", filters(completion("봄"), "input", "pii", "redact").toString());
        assertEquals(400, response.statusCode());
        assertEquals("ai_filters.action", json(response).path("error").path("param").asText());
    }
}
