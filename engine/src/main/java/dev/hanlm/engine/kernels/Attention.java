package dev.hanlm.engine.kernels;

/**
 * Causal multi-head attention over a key/value cache, with grouped-query sharing: query head {@code h} reads
 * key/value head {@code h / (heads / kvHeads)} (HF's {@code repeat_kv}).
 */
public final class Attention {
    private Attention() {}

    /**
     * For each of {@code n} new tokens at positions {@code pos .. pos + n - 1} and each head: softmax of
     * {@code scale * q . k} over cache positions {@code 0 .. pos + t}, then the weighted sum of their values.
     *
     * @param out     {@code [n][heads * headDim]}
     * @param q       queries, token t's head h at {@code t * qStride + h * headDim}
     * @param keys    the key cache, position p's kv head g at {@code p * kvHeads * headDim + g * headDim}
     * @param values  the value cache, laid out as {@code keys}
     */
    public static void forward(float[] out, float[] q, int qStride, float[] keys, float[] values, int pos, int n,
                               int heads, int kvHeads, int headDim, float scale) {
        Parallel.forRange(n * heads, (from, to) -> {
            float[] scores = new float[pos + n];
            for (int item = from; item < to; item++) {
                int t = item / heads;
                head(out, q, qStride, keys, values, t, item % heads, pos + t + 1, heads, kvHeads, headDim, scale, scores);
            }
        });
    }

    /**
     * One new token of each of several sequences (a batched decode step): row b's query attends over its own cache
     * {@code keys[b]} / {@code values[b]}, positions {@code 0 .. positions[b]}, as {@link #forward} with n = 1 does.
     */
    public static void decode(float[] out, float[] q, int qStride, float[][] keys, float[][] values, int[] positions,
                              int heads, int kvHeads, int headDim, float scale) {
        int longest = 0;
        for (int p : positions) longest = Math.max(longest, p + 1);
        int scoresLength = longest;
        Parallel.forRange(positions.length * heads, (from, to) -> {
            float[] scores = new float[scoresLength];
            for (int item = from; item < to; item++) {
                int b = item / heads;
                head(out, q, qStride, keys[b], values[b], b, item % heads, positions[b] + 1, heads, kvHeads, headDim, scale, scores);
            }
        });
    }

    /** Row t's head h over cache positions {@code 0 .. len - 1}. */
    private static void head(float[] out, float[] q, int qStride, float[] keys, float[] values, int t, int h, int len,
                             int heads, int kvHeads, int headDim, float scale, float[] scores) {
        int kvDim = kvHeads * headDim;
        int qo = t * qStride + h * headDim, kvo = (h / (heads / kvHeads)) * headDim, oo = t * heads * headDim + h * headDim;
        for (int p = 0; p < len; p++) scores[p] = scale * Vectors.dot(q, qo, keys, p * kvDim + kvo, headDim);
        Ops.softmax(scores, 0, len);
        Vectors.weightedSum(scores, len, values, kvo, kvDim, out, oo, headDim);
    }
}
