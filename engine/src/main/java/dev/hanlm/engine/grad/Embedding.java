package dev.hanlm.engine.grad;

import dev.hanlm.engine.kernels.Parallel;
import dev.hanlm.engine.kernels.Vectors;

/** GPT-2's input: token embedding plus learned position embedding, for B sequences of T tokens. */
final class Embedding {
    private Embedding() {}

    /** out[b][t] = wte[tokens[b][t]] + wpe[t]. */
    static void forward(float[] out, int[] tokens, float[] p, int wte, int wpe, int seqLen, int dim) {
        Parallel.forRange(tokens.length, (from, to) -> {
            for (int r = from; r < to; r++) {
                System.arraycopy(p, wte + tokens[r] * dim, out, r * dim, dim);
                Vectors.add(p, wpe + r % seqLen * dim, out, r * dim, dim);
            }
        });
    }

    /** dwte[tokens[r]] += dout[r] and dwpe[t] += dout[r], rows in order (one thread: a token may repeat). */
    static void backward(float[] grads, int wte, int wpe, float[] dout, int[] tokens, int seqLen, int dim) {
        for (int r = 0; r < tokens.length; r++) {
            Vectors.add(dout, r * dim, grads, wte + tokens[r] * dim, dim);
            Vectors.add(dout, r * dim, grads, wpe + r % seqLen * dim, dim);
        }
    }
}
