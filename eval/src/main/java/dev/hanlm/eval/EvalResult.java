package dev.hanlm.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hanlm.train.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One evaluation of one model on one task, as the JSON file {@code hanlm eval --json} writes: the summary per number
 * of shots (mean and sample standard deviation over the seeds) and every item's prediction and gold answers.
 *
 * @param task       the task's name
 * @param model      the model directory
 * @param prompt     the p-tuned prompt's directory, or null for an in-context run
 * @param parameters the model's parameter count
 * @param data       the data file
 * @param items      how many items were scored (per run)
 * @param calibrated whether classification scores were calibrated with a content-free input
 * @param results    one entry per number of shots, in the order asked
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvalResult(String task, String model, String prompt, long parameters, String data, int items, boolean calibrated,
                         List<Shots> results) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The runs with {@code shots} demonstrations, one per seed (one for zero shots, where seeds change nothing). */
    public record Shots(int shots, Map<String, Double> mean, Map<String, Double> std, List<Run> runs) {
        public static Shots of(int shots, List<Run> runs) {
            Map<String, Double> mean = new LinkedHashMap<>(), std = new LinkedHashMap<>();
            for (String metric : runs.getFirst().metrics().keySet()) {
                double[] v = runs.stream().mapToDouble(r -> r.metrics().get(metric)).toArray();
                double m = java.util.Arrays.stream(v).average().orElse(0);
                double squares = java.util.Arrays.stream(v).map(x -> (x - m) * (x - m)).sum();
                mean.put(metric, m);
                std.put(metric, v.length > 1 ? Math.sqrt(squares / (v.length - 1)) : 0);
            }
            return new Shots(shots, mean, std, runs);
        }
    }

    /** One seed's run: its metrics and its items. */
    public record Run(long seed, Map<String, Double> metrics, List<Item> items) {}

    /**
     * One scored item.
     *
     * @param prediction the predicted label (classification) or the generated answer
     * @param shots      the demonstrations its prompt kept after fitting the context
     * @param truncated  the prompt tokens cut from the start when even no demonstration fitted
     * @param scores     classification: each label's score (total log-probability, or its calibrated form);
     *                   perplexity: the document's nats, tokens and characters
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String id, List<String> gold, String prediction, int shots, int truncated, Map<String, Double> scores) {}

    /** The model's name for tables: its directory's name, and the tuned prompt's (model + prompt). */
    public String modelName() {
        return prompt == null ? fileName(model) : fileName(model) + " + " + fileName(prompt);
    }

    private static String fileName(String path) {
        Path p = Path.of(path).getFileName();
        return p == null ? path : p.toString();
    }

    /** Writes the JSON whole or not at all. */
    public void write(Path file) {
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new EvalException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static EvalResult read(Path file) {
        try {
            return JSON.readValue(file.toFile(), EvalResult.class);
        } catch (IOException e) {
            if (!Files.exists(file)) throw new EvalException(file + " does not exist");
            throw new EvalException(file + " is not a result of hanlm eval: " + e.getMessage(), e);
        }
    }
}
