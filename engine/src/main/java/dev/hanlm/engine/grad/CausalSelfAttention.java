package dev.hanlm.engine.grad;

import dev.hanlm.engine.kernels.Gemm;
import dev.hanlm.engine.kernels.Ops;
import dev.hanlm.engine.kernels.Parallel;
import dev.hanlm.engine.kernels.Vectors;
import java.util.Arrays;

/**
 * Causal multi-head attention over the fused {@code c_attn} output: token t's query, key and value of head h sit at
 * {@code qkv[t][h * hd]}, {@code [dim + h * hd]} and {@code [2 * dim + h * hd]}. The softmax probabilities are kept,
 * [B][H][T][T] with zeros above the diagonal, for backward. Work is split over (sequence, head) pairs, each of which
 * owns its rows of the output and of the gradients; within a pair the products are matrix products on {@link Gemm}
 * over blocks of {@link #ROWS} rows, each reaching only as far as the mask lets its last row (the masked part of a
 * block is computed and discarded: cheaper than T dot products per row).
 */
final class CausalSelfAttention {
    /** Rows per block of the products: at T = 256, 4 blocks do 62% of the whole squares' work. */
    private static final int ROWS = 64;

    private CausalSelfAttention() {}

    /** out[b][t][h * hd ..] = sum_{u <= t} dropout(softmax(q_t . k_u / sqrt(hd)))_u v_u. */
    static void forward(float[] out, float[] att, float[] qkv, int batch, int seqLen, int heads, int dim,
                        Dropout dropout, long site) {
        int hd = dim / heads, t2 = seqLen * seqLen, stride = 3 * dim;
        float scale = (float) (1 / Math.sqrt(hd));
        Parallel.forRange(batch * heads, (from, to) -> {
            float[] dropped = dropout.active() ? new float[t2] : null;
            for (int item = from; item < to; item++) {
                int b = item / heads, h = item % heads, p = item * t2, q = b * seqLen * stride + h * hd;
                // rows of queries against the keys up to their last row: the later keys are masked
                for (int r0 = 0; r0 < seqLen; r0 += ROWS) {
                    int r1 = Math.min(seqLen, r0 + ROWS);
                    Gemm.multiply(false, true, r1 - r0, r1, hd, qkv, q + r0 * stride, stride, qkv, q + dim, stride, att, p + r0 * seqLen, seqLen, false);
                }
                for (int t = 0; t < seqLen; t++) {
                    int row = p + t * seqLen;
                    Vectors.scale(att, row, t + 1, scale);
                    Ops.softmax(att, row, t + 1);
                    Arrays.fill(att, row + t + 1, row + seqLen, 0f);
                }
                float[] weights = probabilities(att, p, seqLen, dropout, site, dropped);
                int w = dropped == null ? p : 0, o = b * seqLen * dim + h * hd;
                for (int r0 = 0; r0 < seqLen; r0 += ROWS) {
                    int r1 = Math.min(seqLen, r0 + ROWS);
                    Gemm.multiply(false, false, r1 - r0, hd, r1, weights, w + r0 * seqLen, seqLen,
                            qkv, q + 2 * dim, stride, out, o + r0 * dim, dim, false);
                }
            }
        });
    }

    /**
     * dqkv (written) from dout: with P the (dropped-out) probabilities, dV = P^T dout and dP = dout V^T; through the
     * mask and the softmax dS_tu = att_tu (dP_tu - sum_w att_tw dP_tw) / sqrt(hd); then dQ = dS K and dK = dS^T Q.
     */
    static void backward(float[] dqkv, float[] dout, float[] qkv, float[] att, int batch, int seqLen, int heads,
                         int dim, Dropout dropout, long site) {
        int hd = dim / heads, t2 = seqLen * seqLen, stride = 3 * dim;
        float scale = (float) (1 / Math.sqrt(hd));
        Parallel.forRange(batch * heads, (from, to) -> {
            float[] dropped = dropout.active() ? new float[t2] : null, ds = new float[t2];
            for (int item = from; item < to; item++) {
                int b = item / heads, h = item % heads, p = item * t2, q = b * seqLen * stride + h * hd;
                int o = b * seqLen * dim + h * hd;
                float[] weights = probabilities(att, p, seqLen, dropout, site, dropped);
                int w = dropped == null ? p : 0;
                for (int r0 = 0; r0 < seqLen; r0 += ROWS) {
                    int r1 = Math.min(seqLen, r0 + ROWS);
                    // dV's rows r0 .. r1 gather the queries from r0 on; dP's rows r0 .. r1 need the keys up to r1
                    Gemm.multiply(true, false, r1 - r0, hd, seqLen - r0, weights, w + r0 * seqLen + r0, seqLen,
                            dout, o + r0 * dim, dim, dqkv, q + 2 * dim + r0 * stride, stride, false);
                    Gemm.multiply(false, true, r1 - r0, r1, hd, dout, o + r0 * dim, dim, qkv, q + 2 * dim, stride, ds, r0 * seqLen, seqLen, false);
                }
                for (int t = 0; t < seqLen; t++) {
                    int row = t * seqLen;
                    for (int u = 0; u <= t; u++) ds[row + u] *= dropout.factor(site, p + row + u);
                    float dot = Vectors.dot(att, p + row, ds, row, t + 1);
                    for (int u = 0; u <= t; u++) ds[row + u] = att[p + row + u] * (ds[row + u] - dot) * scale;
                    Arrays.fill(ds, row + t + 1, row + seqLen, 0f);
                }
                for (int r0 = 0; r0 < seqLen; r0 += ROWS) {
                    int r1 = Math.min(seqLen, r0 + ROWS);
                    Gemm.multiply(false, false, r1 - r0, hd, r1, ds, r0 * seqLen, seqLen, qkv, q + dim, stride, dqkv, q + r0 * stride, stride, false);
                    Gemm.multiply(true, false, r1 - r0, hd, seqLen - r0, ds, r0 * seqLen + r0, seqLen,
                            qkv, q + r0 * stride, stride, dqkv, q + dim + r0 * stride, stride, false);
                }
            }
        });
    }

    /** The probabilities of pair {@code [p, p + T*T)} after dropout: att itself without dropout, else a masked copy. */
    private static float[] probabilities(float[] att, int p, int seqLen, Dropout dropout, long site, float[] dropped) {
        if (dropped == null) return att;
        for (int i = 0; i < dropped.length; i++) dropped[i] = att[p + i] * dropout.factor(site, p + i);
        return dropped;
    }
}
