package dev.hanlm.bench;

import dev.hanlm.engine.BatchDecoder;
import dev.hanlm.engine.Generation;
import dev.hanlm.engine.GenerationOptions;
import dev.hanlm.engine.Generator;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.LoadOptions;
import dev.hanlm.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The batched decode step of continuous batching without a server: B greedy generations of one model advanced
 * together, a token each per step ({@link Generation#decode(List, BatchDecoder)}), against B = 1. What the load
 * benchmark's ratio would be if HTTP, the clients and the JIT took no share of the cores, and the place to measure a
 * kernel change for batching. Batch sizes take turns round after round, so that the machine's drift falls on all alike.
 * A generation that ends (end of text) is restarted on its prompt; every step is timed, sampling and the forward pass
 * apart. Each row must also get the tokens its prompt gets alone: a batched step that changed a token fails the run.
 *
 * <pre>DecodeStepBench [--model DIR] [--batches 1,2,3,4,5,6,7,8] [--steps 64] [--rounds 5]</pre>
 *
 * Prints one RESULT line per batch size: median step time, tokens/s and the ratio to batch 1.
 */
public final class DecodeStepBench {
    private static final String[] PROMPTS = LoadBench.PROMPTS;

    private DecodeStepBench() {}

    public static void main(String[] args) {
        Path model = Path.of("models/hanlm-mini-ko");
        int[] batches = {1, 2, 3, 4, 5, 6, 7, 8};
        int steps = 64, rounds = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--model" -> model = Path.of(args[i + 1]);
                case "--batches" -> batches = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see bench/decode-step.sh)");
            }
        }
        int most = Arrays.stream(batches).max().orElse(1);
        if (most > PROMPTS.length) throw new IllegalArgumentException("at most " + PROMPTS.length + " sequences: one prompt each");
        Path dir = model;
        try (LanguageModel lm = LanguageModel.load(dir, LoadOptions.defaults())) {
            Tokenizer tokenizer = lm.tokenizer().orElseThrow(() -> new IllegalArgumentException(dir + " has no tokenizer.json"));
            int[][] prompts = Arrays.stream(PROMPTS).map(p -> tokenizer.encode(p, true)).toArray(int[][]::new);
            // long enough for every step of a round, so that only the end-of-text token restarts a generation
            GenerationOptions greedy = GenerationOptions.defaults().withTemperature(0).withMaxTokens(steps);
            Bench bench = new Bench(lm, greedy, prompts, most);
            int[][] alone = new int[most][];
            for (int b = 0; b < most; b++) alone[b] = bench.tokensAlone(b, steps);
            for (int w = 0; w < 2; w++) for (int batch : batches) bench.round(batch, steps, alone); // the JIT's rounds
            double[][] stepMs = new double[batches.length][0], sampleMs = new double[batches.length][0];
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < batches.length; i++) {
                    Round round = bench.round(batches[i], steps, alone);
                    stepMs[i] = concat(stepMs[i], round.stepMs());
                    sampleMs[i] = concat(sampleMs[i], round.sampleMs());
                }
            }
            for (int i = 0; i < batches.length; i++) {
                Arrays.sort(stepMs[i]);
                Arrays.sort(sampleMs[i]);
            }
            double single = Double.NaN;
            for (int i = 0; i < batches.length; i++) {
                double median = stepMs[i][stepMs[i].length / 2], tokensPerS = batches[i] * 1000 / median;
                if (batches[i] == 1) single = tokensPerS;
                System.out.printf("RESULT batch=%d step_ms=%.3f sample_ms=%.3f tokens_per_s=%.1f x_batch1=%.2f%n", batches[i],
                        median, sampleMs[i][sampleMs[i].length / 2], tokensPerS, tokensPerS / single);
            }
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** One round's step times: the whole step, and its sampling part. */
    private record Round(double[] stepMs, double[] sampleMs) {}

    /** The model with one generator (a KV cache) per sequence. */
    private static final class Bench {
        private final GenerationOptions options;
        private final int[][] prompts;
        private final List<Generator> generators = new ArrayList<>();
        private final BatchDecoder decoder;

        Bench(LanguageModel model, GenerationOptions options, int[][] prompts, int most) {
            this.options = options;
            this.prompts = prompts;
            this.decoder = model.newBatchDecoder();
            for (int b = 0; b < most; b++) generators.add(new Generator(model));
        }

        /** The first {@code steps} tokens of prompt b, greedy, generated alone (fewer if it ends). */
        int[] tokensAlone(int b, int steps) {
            return generators.get(b).generate(prompts[b], options.withMaxTokens(steps)).tokens().stream()
                    .mapToInt(t -> t.id()).toArray();
        }

        /** {@code steps} batched steps of sequences 0 .. batch-1, each checked against its tokens alone. */
        Round round(int batch, int steps, int[][] alone) {
            List<Generation> running = new ArrayList<>();
            List<List<Integer>> tokens = new ArrayList<>();
            for (int b = 0; b < batch; b++) {
                tokens.add(new ArrayList<>());
                running.add(start(b, tokens.get(b)));
            }
            double[] stepMs = new double[steps], sampleMs = new double[steps];
            for (int s = 0; s < steps; s++) {
                long t0 = System.nanoTime();
                for (int b = 0; b < batch; b++) {
                    if (running.get(b).next()) continue;
                    check(b, tokens.get(b), alone[b]);
                    tokens.get(b).clear();
                    Generation again = start(b, tokens.get(b)); // it ended: its prompt again, keeping the batch full
                    running.set(b, again);
                    if (!again.next()) throw new IllegalStateException("prompt " + b + " ends at its first token");
                }
                long t1 = System.nanoTime();
                Generation.decode(running, decoder);
                stepMs[s] = (System.nanoTime() - t0) / 1e6;
                sampleMs[s] = (t1 - t0) / 1e6;
            }
            for (int b = 0; b < batch; b++) check(b, tokens.get(b), alone[b]);
            return new Round(stepMs, sampleMs);
        }

        private Generation start(int b, List<Integer> tokens) {
            return generators.get(b).start(prompts[b], options, (token, text) -> tokens.add(token.id()));
        }

        /** The tokens a row got in the batch must begin the tokens its prompt gets alone. */
        private static void check(int b, List<Integer> batched, int[] alone) {
            int[] got = batched.stream().mapToInt(Integer::intValue).toArray();
            if (got.length > alone.length || !Arrays.equals(got, Arrays.copyOf(alone, got.length))) {
                throw new IllegalStateException("sequence " + b + " got other tokens in a batch than alone: "
                        + Arrays.toString(got) + " against " + Arrays.toString(alone));
            }
        }
    }
}
