package dev.hanlm.studio.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.studio.TinyModel;
import dev.hanlm.studio.prompt.PromptExample;
import dev.hanlm.studio.prompt.PromptSpec;
import dev.hanlm.tokenizer.Tokenizer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaygroundApiTest {
    private static final String RUN = """
            {"model": "tiny", "prompt": {"instruction": "Sort", "examples": [{"input": "up", "output": "good"}], "inputLabel": "Q", "outputLabel": "A"},
             "input": "down", "parameters": {"maxTokens": 6, "temperature": 0, "repeatPenalty": 0, "seed": 7}}""";

    @TempDir
    static Path tmp;
    static WebFixture web;
    static LanguageModel reference;
    static String csrf;

    @BeforeAll
    static void start() throws Exception {
        Path dir = TinyModel.write(tmp.resolve("tiny"));
        web = new WebFixture("tiny", dir, tmp.resolve("data"));
        reference = LanguageModel.load(dir);
        csrf = web.session();
    }

    @AfterAll
    static void stop() {
        web.close();
        reference.close();
    }

    @Test
    void stateChangingCallsNeedTheCsrfTokenOfTheirCookie() throws Exception {
        HttpResponse<String> without = web.post("/api/tokenize", RUN, null);
        assertEquals(403, without.statusCode(), without.body());
        assertEquals("csrf_token_invalid", WebFixture.json(without).at("/error/code").asText());
        assertEquals(403, web.post("/api/playground/run", RUN, null).statusCode());
        assertEquals(403, web.post("/api/tokenize", RUN, csrf + "x").statusCode());
        assertEquals(200, web.post("/api/tokenize", RUN, csrf).statusCode());
    }

    @Test
    void runStreamsEachTokenWithItsProbabilityAndAlternatives() throws Exception {
        HttpResponse<String> response = web.post("/api/playground/run", RUN, csrf);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<JsonNode> events = events(response.body());
        JsonNode end = events.getLast();
        assertEquals("end", end.get("type").asText());
        StringBuilder streamed = new StringBuilder();
        int tokens = 0;
        for (JsonNode delta : events.subList(0, events.size() - 1)) {
            assertEquals("delta", delta.get("type").asText());
            streamed.append(delta.get("text").asText());
            for (JsonNode token : delta.get("tokens")) {
                tokens++;
                double logprob = token.get("logprob").asDouble();
                assertTrue(logprob <= 0, token.toString());
                JsonNode top = token.get("top");
                assertTrue(top.size() >= 1 && top.size() <= PlaygroundRequest.ALTERNATIVES, token.toString());
                for (int i = 1; i < top.size(); i++) assertTrue(top.get(i - 1).get("logprob").asDouble() >= top.get(i).get("logprob").asDouble());
                // greedy without a repeat penalty: the chosen token is the most likely one
                assertEquals(top.get(0).get("logprob").asDouble(), logprob, 1e-4, token.toString());
            }
        }
        assertTrue(tokens > 0, response.body());
        assertEquals(end.get("completionTokens").asInt(), tokens);
        assertEquals(end.get("text").asText(), streamed.toString());
        String prompt = new PromptSpec("Sort", List.of(new PromptExample("up", "good")), "Q", "A", null).render("down");
        assertEquals(prompt, end.get("prompt").asText());
        assertEquals(tokenizer().encode(prompt, true).length, end.get("promptTokens").asInt());
    }

    @Test
    void theSameRunOnTheOpenAiApiGivesTheSameText() throws Exception {
        JsonNode end = events(web.post("/api/playground/run", RUN, csrf).body()).getLast();
        ObjectNode completion = WebFixture.JSON.createObjectNode().put("model", "tiny").put("prompt", end.get("prompt").asText())
                .put("max_tokens", 6).put("temperature", 0).put("top_p", 0.8).put("repetition_penalty", 0);
        completion.putArray("stop").add("###").add("\nQ:");
        JsonNode answer = WebFixture.json(web.post("/v1/completions", completion.toString(), null));
        assertEquals(answer.at("/choices/0/text").asText(), end.get("text").asText(), answer.toString());
    }

    @Test
    void tokenCountIsTheModelsOwnAndFollowsTheEdits() throws Exception {
        JsonNode one = WebFixture.json(web.post("/api/tokenize", RUN, csrf));
        String text = new PromptSpec("Sort", List.of(new PromptExample("up", "good")), "Q", "A", null).render("down");
        assertEquals(text, one.get("text").asText());
        assertEquals(tokenizer().encode(text, true).length, one.get("count").asInt());
        assertEquals(one.get("count").asInt(), one.get("tokens").size());
        String longer = RUN.replace("\"examples\": [", "\"examples\": [{\"input\": \"top\", \"output\": \"fine\"}, ");
        JsonNode two = WebFixture.json(web.post("/api/tokenize", longer, csrf));
        assertTrue(two.get("count").asInt() > one.get("count").asInt(), two.toString());
    }

    @Test
    void presetsAreListedInOrderWithKoreanContent() throws Exception {
        JsonNode presets = WebFixture.json(web.get("/api/presets")).get("data");
        List<String> ids = new ArrayList<>();
        for (JsonNode preset : presets) {
            ids.add(preset.get("id").asText());
            assertTrue(preset.at("/title/ko").asText().chars().anyMatch(c -> c >= 0xAC00 && c <= 0xD7A3), preset.toString());
            assertFalse(preset.at("/title/en").asText().isBlank());
            ObjectNode run = WebFixture.JSON.createObjectNode().put("model", "tiny").put("input", preset.get("input").asText());
            run.set("prompt", preset.get("prompt"));
            run.set("parameters", preset.get("parameters"));
            HttpResponse<String> count = web.post("/api/tokenize", run.toString(), csrf);
            assertEquals(200, count.statusCode(), preset.get("id") + ": " + count.body());
            assertTrue(WebFixture.json(count).get("text").asText().contains(preset.at("/prompt/instruction").asText()));
        }
        assertEquals(Presets.IDS, ids);
        assertEquals(List.of("persona-chatbot", "zero-shot-data", "event-title", "classification", "summarization"), ids);
    }

    @Test
    void sessionListsTheModelsAndClovasDefaults() throws Exception {
        JsonNode session = WebFixture.json(web.get("/api/session"));
        assertEquals("tiny", session.at("/models/0/id").asText());
        assertEquals("local", session.at("/models/0/kind").asText());
        assertEquals(32, session.at("/defaults/maxTokens").asInt());
        assertEquals(0.5, session.at("/defaults/temperature").asDouble());
        assertEquals(5.0, session.at("/defaults/repeatPenalty").asDouble());
        assertEquals(csrf, session.get("csrfToken").asText(), "the cookie's token is kept");
    }

    @Test
    void badInputIsOne4xxNamingWhatIsWrong() throws Exception {
        assertError(404, "model", RUN.replace("\"tiny\"", "\"nope\""));
        assertError(400, "temperature", RUN.replace("\"temperature\": 0", "\"temperature\": 3"));
        assertError(400, "parameters", RUN.replace("\"seed\": 7", "\"seed\": 7, \"topk\": 2"));
        assertError(400, "prompt.examples", RUN.replace("\"examples\": [{\"input\": \"up\", \"output\": \"good\"}]", "\"examples\": 3"));
        assertError(400, "model", "{\"input\": \"x\"}");
        assertError(400, null, "{\"model\": ");
        assertError(400, "filters.output", RUN.replace("\"seed\": 7}", "\"seed\": 7}, \"filters\": {\"output\": [\"nope\"]}"));
    }

    @Test
    void thePageIsServedWithAPolicyAgainstInjectedScripts() throws Exception {
        HttpResponse<String> page = web.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("main.js"), page.body());
        assertEquals(StudioWeb.CONTENT_SECURITY_POLICY, page.headers().firstValue("Content-Security-Policy").orElse(""));
        assertEquals(200, web.get("/playground.js").statusCode());
    }

    private static void assertError(int status, String param, String body) throws Exception {
        HttpResponse<String> response = web.post("/api/playground/run", body, csrf);
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = WebFixture.json(response).get("error");
        assertFalse(error.get("message").asText().isBlank());
        if (param != null) assertTrue(error.get("param").asText().startsWith(param) || error.get("message").asText().contains(param), error.toString());
        assertNotEquals(500, response.statusCode());
    }

    private static Tokenizer tokenizer() {
        return reference.tokenizer().orElseThrow();
    }

    private static List<JsonNode> events(String body) throws Exception {
        assertTrue(body.endsWith("data: [DONE]\n\n"), body);
        List<JsonNode> out = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            if (!event.equals("data: [DONE]")) out.add(WebFixture.JSON.readTree(event.substring("data: ".length())));
        }
        return out;
    }
}
