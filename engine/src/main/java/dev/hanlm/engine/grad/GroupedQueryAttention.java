package dev.hanlm.engine.grad;

import dev.hanlm.engine.kernels.Gemm;
import dev.hanlm.engine.kernels.Ops;
import dev.hanlm.engine.kernels.Parallel;
import dev.hanlm.engine.kernels.Vectors;
import java.util.Arrays;

/**
 * Causal attention with grouped-query sharing, over separate q [rows][heads * hd], k and v [rows][kvHeads * hd]:
 * query head h reads key/value head {@code h / (heads / kvHeads)}, as {@code kernels.Attention} (HF's
 * {@code repeat_kv}). Probabilities are kept, [B][H][T][T] with zeros above the diagonal, for backward. As in
 * {@link CausalSelfAttention}, each sequence's products are whole T x T matrix products on {@link Gemm}.
 */
final class GroupedQueryAttention {
    private GroupedQueryAttention() {}

    /** out[b][t][h * hd ..] = sum_{u <= t} softmax(q_t . k_u / sqrt(hd))_u v_u; work split over (sequence, head). */
    static void forward(float[] out, float[] att, float[] q, float[] k, float[] v, int batch, int seqLen, int heads,
                        int kvHeads, int hd) {
        int group = heads / kvHeads, qDim = heads * hd, kvDim = kvHeads * hd, t2 = seqLen * seqLen;
        float scale = (float) (1 / Math.sqrt(hd));
        Parallel.forRange(batch * heads, (from, to) -> {
            for (int item = from; item < to; item++) {
                int b = item / heads, h = item % heads, p = item * t2;
                int qo = b * seqLen * qDim + h * hd, kvo = b * seqLen * kvDim + h / group * hd;
                Gemm.multiply(false, true, seqLen, seqLen, hd, q, qo, qDim, k, kvo, kvDim, att, p, seqLen, false);
                for (int t = 0; t < seqLen; t++) {
                    int row = p + t * seqLen;
                    Vectors.scale(att, row, t + 1, scale);
                    Ops.softmax(att, row, t + 1);
                    Arrays.fill(att, row + t + 1, row + seqLen, 0f);
                }
                Gemm.multiply(false, false, seqLen, hd, seqLen, att, p, seqLen, v, kvo, kvDim, out, qo, qDim, false);
            }
        });
    }

    /**
     * dq, dk and dv (written) from dout: per query head, dV += P^T dout and dP = dout V^T; through the softmax
     * dS_tu = P_tu (dP_tu - sum_w P_tw dP_tw) / sqrt(hd); then dQ = dS K and dK += dS^T Q. Work is split over
     * (sequence, kv head), so that the heads of a group add into their shared dK and dV on one thread.
     */
    static void backward(float[] dq, float[] dk, float[] dv, float[] dout, float[] q, float[] k, float[] v, float[] att,
                         int batch, int seqLen, int heads, int kvHeads, int hd) {
        int group = heads / kvHeads, qDim = heads * hd, kvDim = kvHeads * hd, t2 = seqLen * seqLen;
        float scale = (float) (1 / Math.sqrt(hd));
        Parallel.forRange(batch * kvHeads, (from, to) -> {
            float[] ds = new float[t2];
            for (int item = from; item < to; item++) {
                int b = item / kvHeads, g = item % kvHeads, kvo = b * seqLen * kvDim + g * hd;
                for (int h = g * group; h < (g + 1) * group; h++) {
                    int p = (b * heads + h) * t2, qo = b * seqLen * qDim + h * hd;
                    boolean first = h == g * group;
                    Gemm.multiply(true, false, seqLen, hd, seqLen, att, p, seqLen, dout, qo, qDim, dv, kvo, kvDim, !first);
                    Gemm.multiply(false, true, seqLen, seqLen, hd, dout, qo, qDim, v, kvo, kvDim, ds, 0, seqLen, false);
                    for (int t = 0; t < seqLen; t++) {
                        int row = t * seqLen;
                        float dot = Vectors.dot(att, p + row, ds, row, t + 1);
                        for (int u = 0; u <= t; u++) ds[row + u] = att[p + row + u] * (ds[row + u] - dot) * scale;
                        Arrays.fill(ds, row + t + 1, row + seqLen, 0f);
                    }
                    Gemm.multiply(false, false, seqLen, hd, seqLen, ds, 0, seqLen, k, kvo, kvDim, dq, qo, qDim, false);
                    Gemm.multiply(true, false, seqLen, hd, seqLen, ds, 0, seqLen, q, qo, qDim, dk, kvo, kvDim, !first);
                }
            }
        });
    }
}
