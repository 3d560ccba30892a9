package dev.hanlm.bench;

import dev.hanlm.engine.grad.Dropout;
import dev.hanlm.engine.grad.Gpt2Shape;
import dev.hanlm.engine.grad.Gpt2Weights;
import dev.hanlm.engine.grad.TrainableGpt2;
import dev.hanlm.engine.kernels.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One training step of {@code engine.grad} (forward with loss, backward into zeroed gradients; no optimizer), on
 * GPT-2-initialized weights and random tokens, as llm.c's CPU trainer reports it:
 * {@code GradStepBench [--vocab 50257] [--context 1024] [--layers 12] [--heads 12] [--d-model 768] [--batch 4]
 * [--seq-len 64] [--steps 8] [--warmup 2]}. Prints each step and the median: seconds, tokens/s and GFLOP/s counted
 * as 6 x parameters x tokens (the matmuls of forward and backward, attention's T^2 terms left out).
 */
public final class GradStepBench {
    public static void main(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        Gpt2Shape shape = new Gpt2Shape(get(o, "vocab", 50257), get(o, "context", 1024), get(o, "layers", 12),
                get(o, "heads", 12), get(o, "d-model", 768));
        int batch = get(o, "batch", 4), seqLen = get(o, "seq-len", 64), steps = get(o, "steps", 8), warmup = get(o, "warmup", 2);
        Gpt2Weights weights = Gpt2Weights.initialize(shape, 1), grads = Gpt2Weights.zeros(shape);
        TrainableGpt2 model = new TrainableGpt2(shape, batch, seqLen);
        SplittableRandom random = new SplittableRandom(1);
        int[] inputs = random.ints(batch * seqLen, 0, shape.vocabSize()).toArray();
        int[] targets = random.ints(batch * seqLen, 0, shape.vocabSize()).toArray();
        double flops = 6.0 * shape.parameterCount() * batch * seqLen;
        System.out.printf("%s, %,d parameters, batch %d x %d, %d threads%n", shape, shape.parameterCount(), batch, seqLen, Parallel.threads());
        List<Double> seconds = new ArrayList<>();
        for (int step = 0; step < warmup + steps; step++) {
            Arrays.fill(grads.values(), 0f);
            long t0 = System.nanoTime();
            float loss = model.forward(weights, inputs, targets, Dropout.NONE);
            long t1 = System.nanoTime();
            model.backward(weights, grads);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("step %d%s: loss %.4f, forward %.3f s, backward %.3f s, %.1f tokens/s, %.1f GFLOP/s%n", step,
                    step < warmup ? " (warm-up)" : "", loss, (t1 - t0) / 1e9, s - (t1 - t0) / 1e9, batch * seqLen / s, flops / s / 1e9);
            if (step >= warmup) seconds.add(s);
        }
        double median = EngineBench.median(seconds);
        System.out.printf("GRAD STEP | %.3f s | %.1f tokens/s | %.1f GFLOP/s%n", median, batch * seqLen / median, flops / median / 1e9);
    }

    private static int get(Map<String, String> o, String key, int fallback) {
        return o.containsKey(key) ? Integer.parseInt(o.get(key)) : fallback;
    }
}
