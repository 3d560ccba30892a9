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
import dev.hanlm.engine.FinishReason;
import dev.hanlm.engine.GenerationOptions;
import dev.hanlm.engine.GenerationResult;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAI endpoints over raw HTTP: each answer is held to what the engine generates for the same prompt. */
class CompletionsApiTest {
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

    private static ObjectNode completion(String prompt) {
        return JSON.createObjectNode().put("model", MODEL).put("prompt", prompt);
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return json(response);
    }

    @Test
    void modelsAreListedInOpenAisShape() throws Exception {
        JsonNode list = ok(fixture.get("/v1/models"));
        assertEquals("list", list.path("object").asText());
        assertEquals(1, list.path("data").size());
        JsonNode card = list.path("data").get(0);
        assertEquals(MODEL, card.path("id").asText());
        assertEquals("model", card.path("object").asText());
        assertEquals("hanlm", card.path("owned_by").asText());
        assertEquals(card, ok(fixture.get("/v1/models/" + MODEL)));
    }

    @Test
    void nChoicesWithASeedAreTheEnginesSamplesWithSeedPlusIndexAndUsageCountsTheirTokens() throws Exception {
        String prompt = "옛날 옛적에";
        ObjectNode request = completion(prompt).put("n", 2).put("seed", 7).put("max_tokens", 6).put("temperature", 0.9);
        JsonNode answer = ok(fixture.post("/v1/completions", request.toString()));
        assertEquals("text_completion", answer.path("object").asText());
        assertTrue(answer.path("id").asText().startsWith("cmpl-"));
        assertEquals(MODEL, answer.path("model").asText());
        int generated = 0;
        for (int i = 0; i < 2; i++) {
            GenerationResult expected = fixture.generate(prompt, GenerationOptions.defaults().withMaxTokens(6).withTemperature(0.9).withSeed(7L + i));
            JsonNode choice = answer.path("choices").get(i);
            assertEquals(i, choice.path("index").asInt());
            assertEquals(expected.text(), choice.path("text").asText());
            assertEquals(expected.finishReason() == FinishReason.LENGTH ? "length" : "stop", choice.path("finish_reason").asText());
            assertTrue(choice.path("logprobs").isNull());
            generated += expected.ids().length;
        }
        JsonNode usage = answer.path("usage");
        assertEquals(fixture.promptTokens(prompt), usage.path("prompt_tokens").asInt());
        assertEquals(generated, usage.path("completion_tokens").asInt());
        assertEquals(usage.path("prompt_tokens").asInt() + generated, usage.path("total_tokens").asInt());
        assertEquals(answer.path("choices"), ok(fixture.post("/v1/completions", request.toString())).path("choices"), "the same seed, the same choices");
    }

    @Test
    void completionLogprobsHaveOpenAisLegacyShape() throws Exception {
        JsonNode choice = ok(fixture.post("/v1/completions", completion("하늘이").put("max_tokens", 5).put("temperature", 0)
                .put("logprobs", 2).toString())).path("choices").get(0);
        GenerationResult expected = fixture.generate("하늘이", GenerationOptions.defaults().withTemperature(0).withMaxTokens(5));
        JsonNode logprobs = choice.path("logprobs");
        int n = expected.ids().length;
        assertEquals(n, logprobs.path("tokens").size());
        assertEquals(n, logprobs.path("token_logprobs").size());
        assertEquals(n, logprobs.path("text_offset").size());
        assertEquals(n, logprobs.path("top_logprobs").size());
        for (int i = 0; i < n; i++) {
            assertEquals(expected.logprobs()[i], logprobs.path("token_logprobs").get(i).asDouble(), 1e-9);
            JsonNode top = logprobs.path("top_logprobs").get(i);
            assertTrue(top.isObject() && top.size() >= 1 && top.size() <= 2, top.toString());
            assertEquals(logprobs.path("token_logprobs").get(i).asDouble(), top.path(logprobs.path("tokens").get(i).asText()).asDouble(), 1e-9,
                    "greedy: the chosen token is the most likely alternative");
        }
        assertEquals(0, logprobs.path("text_offset").get(0).asInt());
    }

    @Test
    void chatLogprobsListEachTokenWithItsBytesAndAlternatives() throws Exception {
        ObjectNode request = JSON.createObjectNode().put("model", MODEL).put("max_tokens", 4).put("temperature", 0)
                .put("logprobs", true).put("top_logprobs", 3);
        request.putArray("messages").addObject().put("role", "user").put("content", "안녕?");
        JsonNode answer = ok(fixture.post("/v1/chat/completions", request.toString()));
        assertEquals("chat.completion", answer.path("object").asText());
        JsonNode choice = answer.path("choices").get(0);
        assertEquals("assistant", choice.path("message").path("role").asText());
        JsonNode content = choice.path("logprobs").path("content");
        assertEquals(answer.path("usage").path("completion_tokens").asInt(), content.size());
        for (JsonNode token : content) {
            assertTrue(token.path("token").isTextual());
            assertTrue(token.path("logprob").asDouble() <= 0);
            assertEquals(1, token.path("bytes").size(), "one byte per token in this vocabulary");
            assertEquals(3, token.path("top_logprobs").size());
            assertTrue(token.path("top_logprobs").get(0).path("bytes").isArray());
        }
    }

    @Test
    void aStopSequenceEndsTheTextBeforeIt() throws Exception {
        GenerationResult free = fixture.generate("바다", GenerationOptions.defaults().withTemperature(0).withMaxTokens(12));
        String stop = free.text().substring(2, 3);
        String before = free.text().substring(0, free.text().indexOf(stop));
        ObjectNode request = completion("바다").put("max_tokens", 12).put("temperature", 0);
        request.putArray("stop").add("never appears").add(stop);
        JsonNode choice = ok(fixture.post("/v1/completions", request.toString())).path("choices").get(0);
        assertEquals(before, choice.path("text").asText());
        assertEquals("stop", choice.path("finish_reason").asText());
        JsonNode single = ok(fixture.post("/v1/completions", completion("바다").put("max_tokens", 12).put("temperature", 0)
                .put("stop", stop).toString())).path("choices").get(0);
        assertEquals(before, single.path("text").asText(), "stop may be one string");
    }

    @Test
    void aStreamedCompletionIsTheWholeCompletionInChunksEndingWithDone() throws Exception {
        ObjectNode request = completion("봄이 오면").put("max_tokens", 10).put("temperature", 0).put("n", 2);
        JsonNode whole = ok(fixture.post("/v1/completions", request.toString()));
        request.put("stream", true).putObject("stream_options").put("include_usage", true);
        HttpResponse<String> response = fixture.post("/v1/completions", request.toString());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        StringBuilder[] texts = {new StringBuilder(), new StringBuilder()};
        String[] finish = new String[2];
        JsonNode usage = null;
        for (String data : events(response.body())) {
            JsonNode chunk = JSON.readTree(data);
            assertEquals("text_completion", chunk.path("object").asText());
            if (chunk.path("choices").isEmpty()) {
                usage = chunk.path("usage");
                continue;
            }
            JsonNode choice = chunk.path("choices").get(0);
            int index = choice.path("index").asInt();
            assertTrue(finish[index] == null, "nothing after a choice's finish chunk");
            texts[index].append(choice.path("text").asText());
            if (!choice.path("finish_reason").isNull()) finish[index] = choice.path("finish_reason").asText();
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(whole.path("choices").get(i).path("text").asText(), texts[i].toString());
            assertEquals(whole.path("choices").get(i).path("finish_reason").asText(), finish[i]);
        }
        assertEquals(whole.path("usage"), usage);
    }

    @Test
    void aStreamedChatStartsEachChoiceWithTheAssistantRole() throws Exception {
        ObjectNode request = JSON.createObjectNode().put("model", MODEL).put("max_tokens", 6).put("temperature", 0).put("stream", true);
        request.putArray("messages").addObject().put("role", "user").putArray("content").addObject().put("type", "text").put("text", "안녕?");
        List<String> events = events(fixture.post("/v1/chat/completions", request.toString()).body());
        JsonNode first = JSON.readTree(events.getFirst()), last = JSON.readTree(events.getLast());
        assertEquals("chat.completion.chunk", first.path("object").asText());
        assertEquals("assistant", first.path("choices").get(0).path("delta").path("role").asText());
        assertFalse(last.path("choices").get(0).path("finish_reason").isNull());
        assertFalse(last.has("usage"), "usage only with stream_options.include_usage");
        StringBuilder text = new StringBuilder();
        for (String e : events) text.append(JSON.readTree(e).path("choices").get(0).path("delta").path("content").asText());
        GenerationResult expected = fixture.generate("사용자: 안녕?\nAI:",
                GenerationOptions.defaults().withTemperature(0).withMaxTokens(6).withStop(List.of("\n사용자:")));
        assertEquals(expected.text(), text.toString());
    }

    @Test
    void concurrentRequestsToOneModelEachGetTheirOwnAnswer() throws Exception {
        List<String> prompts = List.of("하나", "둘", "셋", "넷", "다섯", "여섯");
        try (ExecutorService pool = Executors.newFixedThreadPool(prompts.size())) {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (String p : prompts) {
                answers.add(pool.submit(() -> ok(fixture.post("/v1/completions", completion(p).put("max_tokens", 8).put("temperature", 0).toString()))));
            }
            for (int i = 0; i < prompts.size(); i++) {
                GenerationResult expected = fixture.generate(prompts.get(i), GenerationOptions.defaults().withTemperature(0).withMaxTokens(8));
                assertEquals(expected.text(), answers.get(i).get().path("choices").get(0).path("text").asText(), prompts.get(i));
            }
        }
    }
}
