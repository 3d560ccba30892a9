package dev.hanlm.engine.grad;

import dev.hanlm.engine.ModelConfig;
import dev.hanlm.engine.kernels.Rope;
import dev.hanlm.engine.model.Llama;

/**
 * Llama's rotary positions for B sequences of T tokens, each sequence starting at position 0: the inference kernel
 * {@link Rope#apply} over tables of one row per token. Backward rotates by the opposite angle, the transpose.
 */
final class RotaryEmbedding {
    private final int rows, headDim;
    private final float[] cos, sin, negSin;

    RotaryEmbedding(ModelConfig config, int batch, int seqLen) {
        float[] invFreq = Llama.inverseFrequencies(config);
        int half = invFreq.length;
        rows = batch * seqLen;
        headDim = config.headDim();
        cos = new float[rows * half];
        sin = new float[rows * half];
        negSin = new float[rows * half];
        Rope.angles(invFreq, 0, seqLen, cos, sin);
        for (int b = 1; b < batch; b++) {
            System.arraycopy(cos, 0, cos, b * seqLen * half, seqLen * half);
            System.arraycopy(sin, 0, sin, b * seqLen * half, seqLen * half);
        }
        for (int i = 0; i < sin.length; i++) negSin[i] = -sin[i];
    }

    /** Rotates the {@code heads} heads of every row of x (rows {@code width} apart) in place. */
    void forward(float[] x, int width, int heads) {
        Rope.apply(x, rows, width, heads, headDim, cos, sin);
    }

    /** dx of {@link #forward}, in place. */
    void backward(float[] dx, int width, int heads) {
        Rope.apply(dx, rows, width, heads, headDim, cos, negSin);
    }
}
