package dev.hanlm.studio.apps;

import static dev.hanlm.studio.apps.AppsFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hanlm.studio.prompt.PromptExample;
import dev.hanlm.studio.prompt.PromptSpec;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppsApiTest {
    @TempDir
    static Path tmp;
    static AppsFixture studio;

    @BeforeAll
    static void start() {
        studio = new AppsFixture(tmp);
    }

    @AfterAll
    static void stop() {
        studio.close();
    }

    private static Map<String, Object> spec(String model, String instruction) {
        return Map.of("model", model, "prompt", Map.of("instruction", instruction,
                "examples", List.of(Map.of("input", "좋아요", "output", "긍정"))), "parameters", Map.of("maxTokens", 8));
    }

    @Test
    void everySaveIsANewVersionAndOldVersionsStayAsTheyWere() throws Exception {
        assertEquals(1, studio.save("review", spec(AppsFixture.CONSTANT, "감정을 분류하세요")));
        assertEquals(2, studio.save("review", spec(AppsFixture.CONSTANT, "리뷰의 감정은?")));
        JsonNode first = json(studio.get("/api/apps/review/versions/1"));
        assertEquals("감정을 분류하세요", first.at("/spec/prompt/instruction").asText());
        assertEquals(8, first.at("/spec/parameters/maxTokens").asInt());
        assertEquals(0.5, first.at("/spec/parameters/temperature").asDouble(), "CLOVA Studio's default fills what was left out");
        JsonNode app = json(studio.get("/api/apps/review"));
        assertEquals(List.of(2, 1), app.get("versions").findValues("version").stream().map(JsonNode::asInt).toList());
        JsonNode listed = json(studio.get("/api/apps")).get("data");
        assertTrue(listed.findValues("name").stream().anyMatch(n -> n.asText().equals("review")));
        assertEquals(404, studio.get("/api/apps/review/versions/3").statusCode());
        assertEquals("app_not_found", json(studio.get("/api/apps/nothing")).at("/error/code").asText());
    }

    @Test
    void aLabelMovesAndRollsBackAndTheDeployedAppFollowsIt() throws Exception {
        int v1 = studio.save("labelled", spec(AppsFixture.CONSTANT, "first"));
        int v2 = studio.save("labelled", spec(AppsFixture.CONSTANT, "second"));
        String key = studio.key("labels", null).get("key").asText();
        assertEquals(v2, json(studio.complete("labelled", key, Map.of("input", "x"))).get("version").asInt(), "no label: the latest version");
        assertEquals(200, studio.put("/api/apps/labelled/labels/production", Map.of("version", v1)).statusCode());
        JsonNode moved = json(studio.put("/api/apps/labelled/labels/production", Map.of("version", v2)));
        assertEquals(v1, moved.get("previous").asInt());
        JsonNode answer = json(studio.complete("labelled", key, Map.of("input", "맛있어요")));
        assertEquals(v2, answer.get("version").asInt());
        assertEquals("production", answer.get("label").asText());
        assertEquals(PromptSpec.of("second", List.of(new PromptExample("좋아요", "긍정"))).render("맛있어요"), studio.constant.prompts.getLast());
        JsonNode rolledBack = json(studio.post("/api/apps/labelled/labels/production/rollback", Map.of()));
        assertEquals(v1, rolledBack.get("version").asInt());
        assertEquals(v1, json(studio.complete("labelled", key, Map.of("input", "x"))).get("version").asInt());
        assertTrue(studio.constant.prompts.getLast().startsWith("first"));
        assertEquals(v2, json(studio.complete("labelled", key, Map.of("input", "x", "version", v2))).get("version").asInt());
        assertEquals(404, studio.put("/api/apps/labelled/labels/production", Map.of("version", 9)).statusCode());
        assertEquals("label_not_found", json(studio.complete("labelled", key, Map.of("input", "x", "label", "staging"))).at("/error/code").asText());
    }

    @Test
    void theDeployedAppNeedsALiveKeyWithinItsLimitAndCountsItsUsage() throws Exception {
        studio.save("deployed", spec(AppsFixture.CONSTANT, "분류"));
        HttpResponse<String> without = studio.complete("deployed", null, Map.of("input", "좋다"));
        assertEquals(401, without.statusCode());
        assertEquals("invalid_api_key", json(without).at("/error/code").asText());
        assertEquals(401, studio.complete("deployed", "hanlm-not-a-key", Map.of("input", "좋다")).statusCode());

        JsonNode made = studio.key("deploy", 2);
        String key = made.get("key").asText(), id = made.get("id").asText();
        JsonNode answer = json(studio.complete("deployed", key, Map.of("input", "좋다")));
        assertEquals("긍정", answer.get("output").asText());
        assertEquals(1, answer.get("version").asInt());
        assertEquals(9, answer.at("/usage/total_tokens").asInt());
        assertEquals(200, studio.complete("deployed", key, Map.of("input", "좋다")).statusCode());
        HttpResponse<String> limited = studio.complete("deployed", key, Map.of("input", "좋다"));
        assertEquals(429, limited.statusCode());
        assertTrue(limited.headers().firstValue("Retry-After").isPresent());
        JsonNode usage = json(studio.get("/api/keys/" + id + "/usage"));
        assertEquals(2, usage.get("requests").asInt());
        assertEquals(14, usage.get("prompt_tokens").asInt());

        String other = studio.key("revoked", null).get("key").asText();
        assertEquals(200, studio.complete("deployed", other, Map.of("input", "좋다")).statusCode());
        String otherId = json(studio.get("/api/keys")).get("data").findParents("name").stream()
                .filter(k -> k.get("name").asText().equals("revoked")).findFirst().orElseThrow().get("id").asText();
        assertEquals(200, studio.delete("/api/keys/" + otherId).statusCode());
        HttpResponse<String> revoked = studio.complete("deployed", other, Map.of("input", "좋다"));
        assertEquals(401, revoked.statusCode());
        assertTrue(json(revoked).at("/error/message").asText().contains("revoked"));
        assertFalse(studio.get("/api/keys").body().contains(other), "a key's secret is shown only when it is made");
    }

    @Test
    void anAppsFiltersScreenItsOutputAndReportIt() throws Exception {
        Map<String, Object> spec = Map.of("model", AppsFixture.LEAKY, "filters", Map.of("output", List.of("pii"), "action", "mask"));
        studio.save("masked", spec);
        String key = studio.key("filters", null).get("key").asText();
        JsonNode answer = json(studio.complete("masked", key, Map.of("input", "연락처?")));
        assertFalse(answer.get("output").asText().contains("kim@example.com"), answer.toString());
        JsonNode report = answer.get("ai_filters").get(0);
        assertEquals("pii", report.get("name").asText());
        assertEquals("masked", report.get("action_taken").asText());
        assertEquals("mask", json(studio.get("/api/apps/masked/versions/1")).at("/spec/filters/action").asText());
    }

    @Test
    void aSpecThatCouldNotRunIsRefusedWithOneMessage() throws Exception {
        record Case(Object spec, String param, String says) {}
        for (Case c : List.of(
                new Case(Map.of("model", "nope"), "model", "nope"),
                new Case(Map.of("model", AppsFixture.CONSTANT, "colour", "red"), "spec.colour", "colour"),
                new Case(Map.of("model", AppsFixture.CONSTANT, "parameters", Map.of("temperature", 7)), "temperature", "temperature"),
                new Case(Map.of("model", AppsFixture.CONSTANT, "filters", Map.of("output", List.of("rude"))), "spec.filters", "rude"),
                new Case(Map.of("model", AppsFixture.CONSTANT, "tunedPrompt", "tp-missing"), "spec.tunedPrompt", "tp-missing"),
                new Case(Map.of("model", AppsFixture.CONSTANT, "tunedPrompt", "../etc"), "spec.tunedPrompt", "../etc"))) {
            HttpResponse<String> refused = studio.post("/api/apps/bad/versions", Map.of("spec", c.spec()));
            assertTrue(refused.statusCode() == 400 || refused.statusCode() == 404, refused.statusCode() + " " + refused.body());
            assertEquals(c.param(), json(refused).at("/error/param").asText(), refused.body());
            assertTrue(json(refused).at("/error/message").asText().contains(c.says()), refused.body());
        }
        assertEquals(400, studio.post("/api/apps/bad%20name/versions", Map.of("spec", spec(AppsFixture.CONSTANT, ""))).statusCode());
        assertEquals(400, studio.post("/api/apps/bad/versions", "{\"spec\": ").statusCode());
        assertEquals(404, studio.get("/api/apps/bad").statusCode(), "nothing refused was saved");
    }

    @Test
    void anEvaluationScoresAVersionAndIsKeptWithIt() throws Exception {
        int version = studio.save("scored", spec(AppsFixture.CONSTANT, "분류"));
        String csv = "input,label\n\"좋아요, 정말\",긍정\n최고,긍정\n별로,부정\n재밌다,긍정\n";
        JsonNode job = json(studio.post("/api/apps/scored/versions/" + version + "/evaluations",
                Map.of("test_set", Map.of("name", "reviews.csv", "content", csv))));
        JsonNode done = studio.awaitJob(job.get("id").asText());
        assertEquals("done", done.get("status").asText(), done.toString());
        // always 긍정: 3 of 4 right; F1 of 긍정 = 2*3/(4+3), of 부정 = 0
        JsonNode metrics = done.at("/result/metrics");
        assertEquals(75.0, metrics.get("accuracy").asDouble(), 1e-9);
        assertEquals(75.0, metrics.get("exact_match").asDouble(), 1e-9);
        assertEquals(100.0 * 6 / 7 / 2, metrics.get("macro_f1").asDouble(), 1e-9);
        String id = done.at("/result/evaluation").asText();
        JsonNode stored = json(studio.get("/api/evaluations/" + id));
        assertEquals(version, stored.get("version").asInt());
        assertEquals("좋아요, 정말", stored.at("/results/0/input").asText());
        assertEquals(List.of("긍정", "긍정", "긍정", "긍정"), stored.get("results").findValues("output").stream().map(JsonNode::asText).toList());
        assertEquals(id, json(studio.get("/api/apps/scored")).at("/evaluations/0/id").asText());
        String events = studio.get("/api/jobs/" + job.get("id").asText() + "/events").body();
        assertTrue(events.contains("\"status\":\"done\"") && events.endsWith("data: [DONE]\n\n"), events);

        HttpResponse<String> malformed = studio.post("/api/apps/scored/versions/1/evaluations",
                Map.of("test_set", Map.of("name", "bad.jsonl", "content", "{\"input\": \"a\", \"output\": \"b\"}\nnot json\n")));
        assertEquals(400, malformed.statusCode());
        assertTrue(json(malformed).at("/error/message").asText().contains("line 2"), malformed.body());
    }

    @Test
    void aTuningJobMakesAPromptThatAnAppVersionRunsWith() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 6; i++) rows.append("{\"input\": \"good ").append(i).append("\", \"output\": \"pos\"}\n")
                .append("{\"input\": \"bad ").append(i).append("\", \"output\": \"neg\"}\n");
        JsonNode job = json(studio.post("/api/tuning", Map.of("name", "sentiment", "model", AppsFixture.TINY, "steps", 3, "batch_size", 2,
                "data", Map.of("name", "rows.jsonl", "content", rows.toString()))));
        JsonNode done = studio.awaitJob(job.get("id").asText());
        assertEquals("done", done.get("status").asText(), done.toString());
        assertEquals(3, done.get("done").asInt());
        List<Integer> evaluated = new ArrayList<>(); // the untuned prompt, then every step (the interval is 1), each once
        for (String line : studio.get("/api/jobs/" + job.get("id").asText() + "/events").body().split("\n")) {
            JsonNode detail = line.startsWith("data: {") ? AppsFixture.JSON.readTree(line.substring(6)).path("detail") : null;
            if (detail != null && detail.has("metric")) evaluated.add(detail.get("step").asInt());
        }
        assertEquals(List.of(0, 1, 2, 3), evaluated);
        String prompt = done.at("/result/tuned_prompt").asText();
        JsonNode listed = json(studio.get("/api/tuned-prompts")).get("data").get(0);
        assertEquals(prompt, listed.get("id").asText());
        assertEquals(List.of("pos", "neg"), AppsFixture.JSON.convertValue(listed.get("labels"), List.class));

        int version = studio.save("tuned", Map.of("model", AppsFixture.TINY, "tunedPrompt", prompt));
        String key = studio.key("tuned", null).get("key").asText();
        JsonNode answer = json(studio.complete("tuned", key, Map.of("input", "good day")));
        assertEquals(version, answer.get("version").asInt());
        assertTrue(List.of("pos", "neg").contains(answer.get("output").asText()), answer.toString());
        HttpResponse<String> remote = studio.post("/api/tuning", Map.of("name", "x", "model", AppsFixture.CONSTANT,
                "data", Map.of("name", "rows.jsonl", "content", rows.toString())));
        assertEquals(400, remote.statusCode());
    }
}
