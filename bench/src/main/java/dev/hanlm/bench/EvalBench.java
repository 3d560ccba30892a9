package dev.hanlm.bench;

import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.Logits;
import dev.hanlm.engine.Scorer;
import dev.hanlm.engine.Session;
import dev.hanlm.eval.Datasets;
import dev.hanlm.eval.Example;
import dev.hanlm.eval.Prompts;
import dev.hanlm.eval.ShotSampler;
import dev.hanlm.eval.Task;
import dev.hanlm.eval.Tasks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rank-classification scoring throughput (items/s) on NSMC k-shot, the prompts built exactly as {@code hanlm eval}
 * builds them, three ways:
 * <ul>
 *   <li>{@code fresh}: every prompt + verbalizer run whole through a fresh pass (no reuse at all);</li>
 *   <li>{@code per-item}: {@link Scorer#scoreContinuations} with a new scorer per item (the prompt runs once for
 *       both verbalizers);</li>
 *   <li>{@code shared}: one scorer for all items, as the evaluator runs (the demonstration block, common to most
 *       items of a seed, also stays in the KV cache from item to item).</li>
 * </ul>
 * Options: {@code --model DIR --data ratings_test.txt [--shots 5] [--seed 1] [--limit 50] [--reps 3]}. Prints the
 * median of the repetitions per mode and one {@code RESULT {json}} line; checks that all modes pick the same labels.
 */
public final class EvalBench {
    private EvalBench() {}

    public static void main(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        int shots = Integer.parseInt(o.getOrDefault("shots", "5")), limit = Integer.parseInt(o.getOrDefault("limit", "50"));
        int reps = Integer.parseInt(o.getOrDefault("reps", "3"));
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        Task task = Tasks.named("nsmc");
        List<Example> all = Datasets.nsmc(Path.of(o.get("data")));
        try (LanguageModel model = LanguageModel.load(Path.of(o.get("model")))) {
            Prompts prompts = new Prompts(task, model.tokenizer().orElseThrow(), model.config().contextLength());
            List<int[]> choices = task.verbalizers().values().stream().map(prompts::continuation).toList();
            int room = choices.stream().mapToInt(c -> c.length - 1).max().orElse(0);
            ShotSampler sampler = new ShotSampler(all.size(), seed);
            List<int[]> prefixes = new ArrayList<>();
            long tokens = 0;
            for (int i = 0; i < Math.min(limit, all.size()); i++) {
                List<Example> demos = sampler.shots(i, shots).stream().map(all::get).toList();
                int[] ids = prompts.fit(demos, all.get(i).fields(), room).ids();
                prefixes.add(ids);
                tokens += ids.length;
            }
            System.out.printf(Locale.ROOT, "== %s, NSMC %d-shot seed %d, %d items, %.1f prompt tokens on average, %d reps%n",
                    model.directory(), shots, seed, prefixes.size(), (double) tokens / prefixes.size(), reps);
            Map<String, Double> rates = new LinkedHashMap<>();
            int[][] picks = new int[3][];
            String[] modes = {"fresh", "per-item", "shared"};
            for (int m = 0; m < modes.length; m++) {
                double[] seconds = new double[reps + 1];
                for (int r = 0; r <= reps; r++) { // the first pass warms the JIT and is not counted
                    long start = System.nanoTime();
                    picks[m] = run(modes[m], model, prefixes, choices);
                    seconds[r] = (System.nanoTime() - start) / 1e9;
                }
                double median = median(Arrays.copyOfRange(seconds, 1, seconds.length));
                rates.put(modes[m], prefixes.size() / median);
                System.out.printf(Locale.ROOT, "%-9s %8.2f items/s  (median %.2f s per pass)%n", modes[m], prefixes.size() / median, median);
            }
            boolean agree = Arrays.equals(picks[0], picks[1]) && Arrays.equals(picks[1], picks[2]);
            System.out.printf(Locale.ROOT, "RESULT {\"bench\":\"eval-scoring\",\"shots\":%d,\"items\":%d,\"fresh\":%.3f,\"per_item\":%.3f,"
                    + "\"shared\":%.3f,\"speedup_shared_vs_fresh\":%.2f,\"same_labels\":%b}%n", shots, prefixes.size(),
                    rates.get("fresh"), rates.get("per-item"), rates.get("shared"), rates.get("shared") / rates.get("fresh"), agree);
        }
    }

    /** Scores every item's choices one way; returns each item's best choice. */
    private static int[] run(String mode, LanguageModel model, List<int[]> prefixes, List<int[]> choices) {
        Scorer shared = new Scorer(model);
        Session session = model.newSession();
        int[] best = new int[prefixes.size()];
        for (int i = 0; i < prefixes.size(); i++) {
            double[] scores = switch (mode) {
                case "fresh" -> fresh(session, prefixes.get(i), choices);
                case "per-item" -> sums(new Scorer(model), prefixes.get(i), choices);
                default -> sums(shared, prefixes.get(i), choices);
            };
            for (int c = 1; c < scores.length; c++) if (scores[c] > scores[best[i]]) best[i] = c;
        }
        return best;
    }

    private static double[] sums(Scorer scorer, int[] prefix, List<int[]> choices) {
        return scorer.scoreContinuations(prefix, choices).stream().mapToDouble(s -> s.sum()).toArray();
    }

    /** Each prompt + choice from position 0, all but its last token run, the choice's log-probabilities summed. */
    private static double[] fresh(Session session, int[] prefix, List<int[]> choices) {
        double[] out = new double[choices.size()];
        for (int c = 0; c < out.length; c++) {
            int[] choice = choices.get(c);
            int[] all = Arrays.copyOf(prefix, prefix.length + choice.length);
            System.arraycopy(choice, 0, all, prefix.length, choice.length);
            session.truncate(0);
            float[][] logits = session.prefillAll(Arrays.copyOf(all, all.length - 1));
            for (int t = 0; t < choice.length; t++) out[c] += Logits.logprob(logits[prefix.length - 1 + t], choice[t]);
        }
        return out;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
