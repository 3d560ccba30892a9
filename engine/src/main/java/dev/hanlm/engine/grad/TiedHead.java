package dev.hanlm.engine.grad;

import dev.hanlm.engine.kernels.Gemm;
import dev.hanlm.engine.kernels.Parallel;
import dev.hanlm.engine.kernels.Transpose;

/** The LM head tied to the token embedding: {@code logits[t][v] = sum_i x[t][i] wte[v][i]}, wte stored [vocab, dim]. */
final class TiedHead {
    /** Words per chunk of the transposed gradient's addition, spread over the pool. */
    private static final int WORDS = 256;
    /** Rows up to which the weight gradient is taken directly rather than transposed (one KC slice of Gemm). */
    private static final int DIRECT_TOKENS = 256;

    private TiedHead() {}

    static void forward(float[] logits, float[] x, float[] p, int wte, int n, int dim, int vocab) {
        Gemm.multiply(false, true, n, vocab, dim, x, 0, dim, p, wte, dim, logits, 0, vocab, false);
    }

    /**
     * dx = dlogits wte (written); dwte += dlogits^T x (added into grads, unless it is null). Over more than
     * {@link #DIRECT_TOKENS} rows the weight gradient goes through {@code transposed} (at least dim x vocab; unused
     * otherwise), see {@link #weightGradient}.
     */
    static void backward(float[] dx, float[] grads, float[] dlogits, float[] x, float[] p, int wte, int n, int dim, int vocab,
                         float[] transposed) {
        Gemm.multiply(false, false, n, dim, vocab, dlogits, 0, vocab, p, wte, dim, dx, 0, dim, false);
        if (grads != null) weightGradient(!needsTransposed(n), grads, dlogits, x, wte, n, dim, vocab, transposed);
    }

    /** Whether {@link #backward} over {@code n} rows needs its {@code transposed} buffer. */
    static boolean needsTransposed(int n) {
        return n > DIRECT_TOKENS;
    }

    /**
     * dwte += dlogits^T x. Directly, the product packs dlogits^T (vocab x n) as its left operand: a few MiB per block
     * over few rows, and the sums go straight into the gradient. Over many rows that operand no longer stays in cache,
     * and the product is taken as its transpose x^T dlogits, whose left operand is x^T (dim x n), then added into the
     * gradient transposed: 1.2x faster at 2,048 rows, 0.88x at 256 (two threads, bundled shape).
     */
    static void weightGradient(boolean direct, float[] grads, float[] dlogits, float[] x, int wte, int n, int dim, int vocab,
                               float[] transposed) {
        if (direct) {
            Gemm.multiply(true, false, vocab, dim, n, dlogits, 0, vocab, x, 0, dim, grads, wte, dim, true);
            return;
        }
        Gemm.multiply(true, false, dim, vocab, n, x, 0, dim, dlogits, 0, vocab, transposed, 0, vocab, false);
        Parallel.forRange(Math.ceilDiv(vocab, WORDS), (from, to) -> {
            int v0 = from * WORDS, words = Math.min(vocab, to * WORDS) - v0;
            Transpose.add(transposed, v0, vocab, dim, words, grads, wte + v0 * dim, dim);
        });
    }
}
