package dev.hanlm.eval;

import dev.hanlm.engine.ContinuationScore;
import dev.hanlm.engine.Scorer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rank classification: each verbalizer's total log-probability after the prompt, the prompt run once for all of them
 * ({@link Scorer#scoreContinuations}); the best label wins (the first in verbalizer order on a tie). With calibration
 * ("calibrate before use", Zhao et al. 2021) the scores, normalized over the labels, are divided by those of a
 * content-free input (every field "N/A") under the same demonstrations.
 */
final class RankClassifier implements ItemRunner {
    static final String CONTENT_FREE = "N/A";

    private final Task task;
    private final Scorer scorer;
    private final PromptWriter prompts;
    private final boolean calibrate;
    private final List<String> labels;
    private final List<int[]> choices = new ArrayList<>();
    private final int room;
    private final Map<List<String>, double[]> contentFreeScores = new HashMap<>();

    RankClassifier(Task task, Scorer scorer, PromptWriter prompts, boolean calibrate) {
        this.task = task;
        this.scorer = scorer;
        this.prompts = prompts;
        this.calibrate = calibrate;
        this.labels = List.copyOf(task.verbalizers().keySet());
        int longest = 0;
        for (String verbalizer : task.verbalizers().values()) {
            int[] ids = prompts.continuation(verbalizer);
            choices.add(ids);
            longest = Math.max(longest, ids.length);
        }
        this.room = Math.max(0, longest - 1); // the last token of a choice is scored, never run
    }

    @Override
    public EvalResult.Item run(Example item, List<Example> shots) {
        Prompts.Prompt prompt = prompts.fit(shots, item.fields(), room);
        double[] scores = score(prompt.ids());
        if (calibrate) scores = calibrated(scores, contentFree(shots));
        int best = 0;
        for (int i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
        Map<String, Double> byLabel = new LinkedHashMap<>();
        for (int i = 0; i < scores.length; i++) byLabel.put(labels.get(i), scores[i]);
        return new EvalResult.Item(item.id(), item.answers(), labels.get(best), prompt.shots(), prompt.truncated(), byLabel);
    }

    private double[] score(int[] prefix) {
        List<ContinuationScore> scored = scorer.scoreContinuations(prefix, choices);
        return scored.stream().mapToDouble(ContinuationScore::sum).toArray();
    }

    /** The content-free scores under these demonstrations, computed once per distinct set. */
    private double[] contentFree(List<Example> shots) {
        List<String> key = shots.stream().map(Example::id).toList();
        return contentFreeScores.computeIfAbsent(key, k -> {
            Map<String, String> fields = new HashMap<>();
            for (String f : task.template().fields()) fields.put(f, CONTENT_FREE);
            return score(prompts.fit(shots, fields, room).ids());
        });
    }

    /** log p(label | input) - log p(label | content-free), each normalized over the labels. */
    static double[] calibrated(double[] scores, double[] contentFree) {
        double[] p = normalized(scores), q = normalized(contentFree), out = new double[p.length];
        for (int i = 0; i < p.length; i++) out[i] = p[i] - q[i];
        return out;
    }

    private static double[] normalized(double[] logits) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double v : logits) max = Math.max(max, v);
        for (double v : logits) sum += Math.exp(v - max);
        double log = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < out.length; i++) out[i] = logits[i] - log;
        return out;
    }
}
