package dev.hanlm.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.grad.Dropout;
import dev.hanlm.engine.grad.Gpt2Shape;
import dev.hanlm.engine.grad.Gpt2Weights;
import dev.hanlm.engine.grad.TrainableGpt2;
import dev.hanlm.engine.kernels.Parallel;
import dev.hanlm.train.AdamW;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One training update of {@code engine.grad} as llm.c's CPU trainer times it (forward with loss, backward into zeroed
 * gradients, then AdamW with llm.c's settings: lr 1e-4, betas 0.9 / 0.999, eps 1e-8, no weight decay), on
 * GPT-2-initialized weights and random tokens: {@code GradStepBench [--shape gpt2-small|bundled] [--vocab N]
 * [--context N] [--layers N] [--heads N] [--d-model N] [--batch 4] [--seq-len 64] [--steps 8] [--warmup 2]
 * [--warmup-seconds 0] [--update adamw|none] [--peak-command "bench/sgemm-peak.sh 2"]} (the dimension flags override
 * the named shape's; with {@code --warmup-seconds}, the untimed steps go on until that long has passed, since C2
 * compiles a short step's code only after seconds of them; with a peak command, the sgemm peak is measured between
 * timed steps, {@link PeakProbe}, and each step is paired with the mean of the peaks just before and just after it).
 * Prints each step, the median and one {@code RESULT {json}} line ({@link #result}) for {@code bench/train.sh}.
 */
public final class GradStepBench {
    public static void main(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        String name = o.getOrDefault("shape", "gpt2-small");
        Gpt2Shape named = shape(name);
        Gpt2Shape shape = new Gpt2Shape(get(o, "vocab", named.vocabSize()), get(o, "context", named.contextLength()),
                get(o, "layers", named.layers()), get(o, "heads", named.heads()), get(o, "d-model", named.dModel()));
        int batch = get(o, "batch", 4), seqLen = get(o, "seq-len", 64), steps = get(o, "steps", 8), warmup = get(o, "warmup", 2);
        boolean update = switch (o.getOrDefault("update", "adamw")) {
            case "adamw" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("--update is adamw or none, not " + o.get("update"));
        };
        Gpt2Weights weights = Gpt2Weights.initialize(shape, 1), grads = Gpt2Weights.zeros(shape);
        AdamW adamW = new AdamW(weights, 0.9, 0.999, 1e-8, 0.0);
        TrainableGpt2 model = new TrainableGpt2(shape, batch, seqLen);
        SplittableRandom random = new SplittableRandom(1);
        int[] inputs = random.ints(batch * seqLen, 0, shape.vocabSize()).toArray();
        int[] targets = random.ints(batch * seqLen, 0, shape.vocabSize()).toArray();
        double flops = 6.0 * shape.parameterCount() * batch * seqLen;
        System.out.printf("%s, %,d parameters, batch %d x %d, %d threads%n", shape, shape.parameterCount(), batch, seqLen, Parallel.threads());
        List<Double> seconds = new ArrayList<>(), peaks = new ArrayList<>();
        PeakProbe peak = PeakProbe.sgemm(o.get("peak-command"));
        double lastPeak = Double.NaN, warmupSeconds = Double.parseDouble(o.getOrDefault("warmup-seconds", "0"));
        long start = System.nanoTime();
        // untimed steps: at least `warmup` of them, and until warmupSeconds have passed
        for (int step = 0, warm = warmup; step < warm + steps; step++) {
            if (peak != null && step == warm) lastPeak = peak.measure();
            long t0 = System.nanoTime();
            float loss = model.forward(weights, inputs, targets, Dropout.NONE);
            long t1 = System.nanoTime();
            grads.zero();
            model.backward(weights, grads);
            long t2 = System.nanoTime();
            if (update) adamW.step(weights, grads, 1e-4);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("step %d%s: loss %.4f, forward %.3f s, backward %.3f s, update %.3f s, %.1f tokens/s, %.1f GFLOP/s%n",
                    step, step < warm ? " (warm-up)" : "", loss, (t1 - t0) / 1e9, (t2 - t1) / 1e9, s - (t2 - t0) / 1e9,
                    batch * seqLen / s, flops / s / 1e9);
            if (step == warm - 1 && (System.nanoTime() - start) / 1e9 < warmupSeconds) warm++;
            else if (step >= warm) seconds.add(s);
            if (peak != null && step >= warm) {
                double next = peak.measure();
                peaks.add((lastPeak + next) / 2);
                lastPeak = next;
            }
        }
        ObjectNode r = result("hanlm", name, shape, batch, seqLen, Parallel.threads(), seconds);
        r.put("update", update ? "adamw" : "none");
        if (peak != null) peaks.forEach(r.putArray("peak_gflops")::add);
        System.out.printf("GRAD STEP | %.3f s | %.1f tokens/s | %.1f GFLOP/s%n", r.get("median_s").asDouble(),
                r.get("tokens_per_s").asDouble(), r.get("gflops").asDouble());
        EngineBench.result(r);
    }

    /** The shapes of the training benchmark: GPT-2 small (124M) and the shape of the model hanlm bundles. */
    static Gpt2Shape shape(String name) {
        return switch (name) {
            case "gpt2-small" -> new Gpt2Shape(50257, 1024, 12, 12, 768);
            case "bundled" -> new Gpt2Shape(16000, 256, 6, 4, 256);
            default -> throw new IllegalArgumentException("unknown shape '" + name + "' (expected gpt2-small or bundled)");
        };
    }

    /**
     * One engine's timed steps as {@code bench/train.sh} collects them: the median step, tokens/s and GFLOP/s counted
     * as 6 x parameters x tokens (the matmuls of forward and backward; attention's T^2 terms left out).
     */
    static ObjectNode result(String engine, String name, Gpt2Shape shape, int batch, int seqLen, int threads, List<Double> seconds) {
        double median = EngineBench.median(seconds);
        ObjectNode r = EngineBench.JSON.createObjectNode();
        r.put("kind", "train").put("engine", engine).put("shape", name).put("batch", batch).put("seq_len", seqLen)
                .put("threads", threads).put("params", shape.parameterCount()).put("median_s", median)
                .put("tokens_per_s", batch * seqLen / median).put("gflops", 6.0 * shape.parameterCount() * batch * seqLen / median / 1e9);
        seconds.forEach(r.putArray("step_s")::add);
        return r;
    }

    private static int get(Map<String, String> o, String key, int fallback) {
        return o.containsKey(key) ? Integer.parseInt(o.get(key)) : fallback;
    }
}
