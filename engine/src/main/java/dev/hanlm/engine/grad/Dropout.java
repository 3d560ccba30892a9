package dev.hanlm.engine.grad;

import dev.hanlm.engine.kernels.Parallel;

/**
 * Dropout as HF's GPT-2 applies it (embeddings, attention probabilities, and each block's two residual branches), at
 * one {@code rate}. Whether element {@code i} of a site is kept is a hash of (seed, site, i), not a draw from a shared
 * stream, so masks are the same for a seed whatever the thread count, and backward recomputes them instead of
 * storing them.
 */
public record Dropout(float rate, long seed) {
    public static final Dropout NONE = new Dropout(0f, 0L);

    public Dropout {
        if (!(rate >= 0f && rate < 1f)) throw new IllegalArgumentException("dropout rate must be in [0, 1), not " + rate);
    }

    boolean active() {
        return rate > 0f;
    }

    /** The factor element {@code index} of {@code site} is multiplied by: 0 if dropped, else 1 / (1 - rate). */
    float factor(long site, long index) {
        if (!active()) return 1f;
        long h = mix(mix(seed ^ mix(site + 0x632BE59BD9B4E019L)) + index);
        // the top 24 bits as a uniform number in [0, 1)
        return (h >>> 40) * 0x1.0p-24f < rate ? 0f : 1f / (1f - rate);
    }

    /** x[i] *= factor(site, i) for i < n: applies the mask forward, and to the gradient backward. */
    void apply(float[] x, int n, long site) {
        if (!active()) return;
        Parallel.forRange(Math.ceilDiv(n, 4096), (from, to) -> {
            for (int i = from * 4096, end = Math.min(n, to * 4096); i < end; i++) x[i] *= factor(site, i);
        });
    }

    /** SplitMix64's finalizer: a bijective 64-bit mix. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
