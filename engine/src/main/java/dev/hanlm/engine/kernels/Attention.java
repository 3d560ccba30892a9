package dev.hanlm.engine.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Causal multi-head attention over a key/value cache, with grouped-query sharing: query head {@code h} reads
 * key/value head {@code h / (heads / kvHeads)} (HF's {@code repeat_kv}).
 * <p>
 * The cache holds the keys by dimension (element j of position p at {@code j * keyStride + p}) and the values by
 * position ({@code p * kvDim + j}). A score is then a chain of fused multiply-adds over the head's dimensions in order,
 * and an output a chain over the positions in order: a prompt runs them as matrix products on {@link Gemm}, a block
 * of query rows at a time, and a few tokens (a decode step) as vectors across the positions; both add the same
 * products in the same order, so a position's output does not depend on how a prompt was split, or batched.
 */
public final class Attention {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Query rows per block of a prompt's matrix products: a block reads only the keys its last row may see. */
    static final int BLOCK = 64;

    private Attention() {}

    /**
     * For each of {@code n} new tokens at positions {@code pos .. pos + n - 1} and each head: softmax of
     * {@code scale * q . k} over cache positions {@code 0 .. pos + t}, then the weighted sum of their values.
     *
     * @param out       {@code [n][heads * headDim]}
     * @param q         queries, token t's head h at {@code t * qStride + h * headDim}
     * @param keys      the key cache by dimension: kv head g's dimension d of position p at
     *                  {@code (g * headDim + d) * keyStride + p}
     * @param values    the value cache, position p's kv head g at {@code p * kvHeads * headDim + g * headDim}
     */
    public static void forward(float[] out, float[] q, int qStride, float[] keys, int keyStride, float[] values, int pos,
                               int n, int heads, int kvHeads, int headDim, float scale) {
        if (n < BLOCK) {
            Parallel.forRange(n * heads, (from, to) -> {
                float[] scores = new float[pos + n];
                for (int item = from; item < to; item++) {
                    int t = item / heads;
                    head(out, q, qStride, keys, keyStride, values, t, item % heads, pos + t + 1, heads, kvHeads, headDim,
                            scale, scores);
                }
            });
            return;
        }
        int kvDim = kvHeads * headDim, outStride = heads * headDim;
        Parallel.forRange(heads, (from, to) -> {
            float[] scores = new float[BLOCK * (pos + n)];
            for (int h = from; h < to; h++) {
                int qo = h * headDim, kvo = (h / (heads / kvHeads)) * headDim;
                for (int t0 = 0; t0 < n; t0 += BLOCK) {
                    int rows = Math.min(BLOCK, n - t0), len = pos + t0 + rows; // the keys the block's last row sees
                    Gemm.multiply(false, false, rows, len, headDim, q, t0 * qStride + qo, qStride, keys, kvo * keyStride,
                            keyStride, scores, 0, len, false);
                    for (int r = 0; r < rows; r++) {
                        int at = r * len, seen = pos + t0 + r + 1;
                        Vectors.scale(scores, at, seen, scale);
                        Ops.softmax(scores, at, seen);
                        Arrays.fill(scores, at + seen, at + len, 0f); // positions after the row's own: masked
                    }
                    Gemm.multiply(false, false, rows, headDim, len, scores, 0, len, values, kvo, kvDim,
                            out, t0 * outStride + qo, outStride, false);
                }
            }
        });
    }

    /**
     * One new token of each of several sequences (a batched decode step): row b's query attends over its own cache
     * {@code keys[b]} (key stride {@code keyStrides[b]}) / {@code values[b]}, positions {@code 0 .. positions[b]}, as
     * {@link #forward} with n = 1 does.
     */
    public static void decode(float[] out, float[] q, int qStride, float[][] keys, int[] keyStrides, float[][] values,
                              int[] positions, int heads, int kvHeads, int headDim, float scale) {
        int longest = 0;
        for (int p : positions) longest = Math.max(longest, p + 1);
        int scoresLength = longest;
        Parallel.forRange(positions.length * heads, (from, to) -> {
            float[] scores = new float[scoresLength];
            for (int item = from; item < to; item++) {
                int b = item / heads;
                head(out, q, qStride, keys[b], keyStrides[b], values[b], b, item % heads, positions[b] + 1, heads, kvHeads,
                        headDim, scale, scores);
            }
        });
    }

    /** Row t's head h over cache positions {@code 0 .. len - 1}. */
    private static void head(float[] out, float[] q, int qStride, float[] keys, int keyStride, float[] values, int t, int h,
                             int len, int heads, int kvHeads, int headDim, float scale, float[] scores) {
        int kvo = (h / (heads / kvHeads)) * headDim;
        scores(q, t * qStride + h * headDim, keys, kvo * keyStride, keyStride, len, headDim, scores);
        Vectors.scale(scores, 0, len, scale);
        Ops.softmax(scores, 0, len);
        Vectors.weightedSum(scores, len, values, kvo, kvHeads * headDim, out, t * heads * headDim + h * headDim, headDim);
    }

    /**
     * {@code scores[p] = sum_d q[qo + d] * keys[ko + d * stride + p]} for {@code p < len}, each a chain of fused
     * multiply-adds over d in order from zero (what Gemm's kernel adds for a prompt), four vectors of positions at a
     * time so that the chains overlap.
     */
    static void scores(float[] q, int qo, float[] keys, int ko, int stride, int len, int headDim, float[] scores) {
        int p = 0;
        for (; p + 4 * L <= len; p += 4 * L) {
            FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
            for (int d = 0, k = ko + p; d < headDim; d++, k += stride) {
                FloatVector x = FloatVector.broadcast(F, q[qo + d]);
                s0 = x.fma(FloatVector.fromArray(F, keys, k), s0);
                s1 = x.fma(FloatVector.fromArray(F, keys, k + L), s1);
                s2 = x.fma(FloatVector.fromArray(F, keys, k + 2 * L), s2);
                s3 = x.fma(FloatVector.fromArray(F, keys, k + 3 * L), s3);
            }
            s0.intoArray(scores, p);
            s1.intoArray(scores, p + L);
            s2.intoArray(scores, p + 2 * L);
            s3.intoArray(scores, p + 3 * L);
        }
        for (; p + L <= len; p += L) {
            FloatVector s = FloatVector.zero(F);
            for (int d = 0, k = ko + p; d < headDim; d++, k += stride) s = FloatVector.broadcast(F, q[qo + d]).fma(FloatVector.fromArray(F, keys, k), s);
            s.intoArray(scores, p);
        }
        for (; p < len; p++) {
            float s = 0;
            for (int d = 0, k = ko + p; d < headDim; d++, k += stride) s = Math.fma(q[qo + d], keys[k], s);
            scores[p] = s;
        }
    }
}
