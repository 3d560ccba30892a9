package dev.hanlm.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A task defined by a JSON file instead of Java (syntax in docs/EVAL.md):
 * <pre>{@code
 * {"name": "review-sentiment", "data": "reviews.jsonl", "template": "리뷰: {text}\n감정:",
 *  "answer": "label", "verbalizers": {"0": "부정", "1": "긍정"}, "metric": "accuracy"}
 * }</pre>
 * With {@code verbalizers} it is a classification task (metric {@code accuracy} unless named); without, a generation
 * task (metric {@code korquad} unless named; {@code max_tokens} 64 unless given). {@code data} is relative to the
 * task file.
 */
public final class CustomTask {
    private static final Set<String> KEYS = Set.of("name", "data", "template", "answer", "verbalizers", "metric", "max_tokens");

    /** The task, and the data file it names (null when it names none). */
    public record Loaded(Task task, Path data) {}

    private CustomTask() {}

    public static Loaded read(Path file) {
        JsonNode root = Datasets.readJson(file);
        if (!root.isObject()) throw new EvalException("the task file " + file + " is not a JSON object");
        root.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) throw new EvalException("the task file " + file + " has the unknown key \"" + k + "\"; keys are " + KEYS);
        });
        String template = required(root, "template", file);
        String answer = root.path("answer").asText("answer");
        Map<String, String> verbalizers = new LinkedHashMap<>();
        root.path("verbalizers").properties().forEach(e -> verbalizers.put(e.getKey(), e.getValue().asText()));
        String metric = root.path("metric").asText(verbalizers.isEmpty() ? "korquad" : "accuracy");
        int maxTokens = root.path("max_tokens").asInt(64);
        if (maxTokens < 1) throw new EvalException("the task file " + file + " has max_tokens " + maxTokens + "; it must be at least 1");
        String name = root.path("name").asText(file.getFileName().toString().replaceFirst("\\.json$", ""));
        Task task = new Task(name, new Template(template), verbalizers, Metrics.named(metric), maxTokens,
                data -> Datasets.jsonl(data, answer));
        Path data = root.hasNonNull("data") ? file.toAbsolutePath().resolveSibling(root.get("data").asText()) : null;
        return new Loaded(task, data);
    }

    private static String required(JsonNode root, String key, Path file) {
        if (!root.hasNonNull(key)) throw new EvalException("the task file " + file + " has no \"" + key + "\"");
        return root.get(key).asText();
    }
}
