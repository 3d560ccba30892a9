package dev.hanlm.engine.grad;

import dev.hanlm.engine.kernels.Gemm;

/** The LM head tied to the token embedding: {@code logits[t][v] = sum_i x[t][i] wte[v][i]}, wte stored [vocab, dim]. */
final class TiedHead {
    private TiedHead() {}

    static void forward(float[] logits, float[] x, float[] p, int wte, int n, int dim, int vocab) {
        Gemm.multiply(false, true, n, vocab, dim, x, 0, dim, p, wte, dim, logits, 0, vocab, false);
    }

    /** dx = dlogits wte (written); dwte += dlogits^T x (added into grads, unless it is null). */
    static void backward(float[] dx, float[] grads, float[] dlogits, float[] x, float[] p, int wte, int n, int dim, int vocab) {
        Gemm.multiply(false, false, n, dim, vocab, dlogits, 0, vocab, p, wte, dim, dx, 0, dim, false);
        if (grads == null) return;
        Gemm.multiply(true, false, vocab, dim, n, dlogits, 0, vocab, x, 0, dim, grads, wte, dim, true);
    }
}
