package dev.hanlm.train;

import dev.hanlm.engine.grad.Gpt2Weights;
import dev.hanlm.engine.kernels.Parallel;

/** Whole-gradient operations of an update: averaging over micro-batches and clipping by the global L2 norm. */
public final class Gradients {
    /** Fixed chunks, so the norm's partial sums are added in the same order whatever the thread count. */
    private static final int CHUNK = 1 << 16;

    private Gradients() {}

    static void scale(Gpt2Weights grads, float factor) {
        scale(grads.values(), factor);
    }

    static void scale(float[] g, float factor) {
        if (factor == 1f) return;
        Parallel.forRange(Math.ceilDiv(g.length, CHUNK), (from, to) -> {
            for (int i = from * CHUNK, end = Math.min(g.length, to * CHUNK); i < end; i++) g[i] *= factor;
        });
    }

    /** The gradient's global L2 norm before clipping; when it exceeds {@code maxNorm} (> 0) the gradient is scaled down to it. */
    static double clipGlobalNorm(Gpt2Weights grads, double maxNorm) {
        return clipGlobalNorm(grads.values(), maxNorm);
    }

    /** As {@link #clipGlobalNorm(Gpt2Weights, double)} for any flat gradient (p-tuning's prompt encoder). */
    public static double clipGlobalNorm(float[] g, double maxNorm) {
        double[] partial = new double[Math.ceilDiv(g.length, CHUNK)];
        Parallel.forRange(partial.length, (from, to) -> {
            for (int c = from; c < to; c++) {
                double s = 0;
                for (int i = c * CHUNK, end = Math.min(g.length, (c + 1) * CHUNK); i < end; i++) s += (double) g[i] * g[i];
                partial[c] = s;
            }
        });
        double sum = 0;
        for (double p : partial) sum += p;
        double norm = Math.sqrt(sum);
        if (maxNorm > 0 && norm > maxNorm) scale(g, (float) (maxNorm / (norm + 1e-6)));
        return norm;
    }
}
