package dev.hanlm.engine.model;

import java.util.Arrays;

/**
 * The keys and values of every layer for positions {@code 0 .. capacity}. Values: per layer one array with position
 * p's row (all key/value heads, {@code kvDim} floats) at {@code p * kvDim}. Keys are stored by dimension: element j
 * of position p's row at {@code j * keyStride() + p}, so that a query's scores over the positions are fused
 * multiply-adds across contiguous positions, one dimension after another: the sums {@code Gemm} forms for a prompt,
 * with no dot product to reduce across lanes ({@code kernels.Attention}). The arrays grow by doubling as positions
 * are used, so a session with a long context costs memory only for what it holds.
 */
final class KvCache {
    private static final int INITIAL_POSITIONS = 64;
    /**
     * Floats between the end of one key dimension's positions and the next dimension: the positions grow in powers of
     * two, and rows a power of two apart in memory fall into the same cache sets, which a score's walk down the
     * dimensions then evicts from one another.
     */
    private static final int ROW_PAD = 16;

    private final int kvDim;
    private final int capacity;
    private final float[][] keys;
    private final float[][] values;
    /** Positions the arrays hold. */
    private int positions;
    /** Floats from one key dimension to the next: the positions and a pad. */
    private int keyStride;

    KvCache(int layers, int kvDim, int capacity) {
        this.kvDim = kvDim;
        this.capacity = capacity;
        this.keys = new float[layers][0];
        this.values = new float[layers][0];
    }

    int capacity() {
        return capacity;
    }

    /** Makes room for positions {@code 0 .. needed - 1}. */
    void reserve(int needed) {
        if (keys.length == 0 || positions >= needed) return;
        int grown = Math.min(capacity, Math.max(needed, Math.max(INITIAL_POSITIONS, 2 * positions)));
        int stride = grown + ROW_PAD;
        for (int l = 0; l < keys.length; l++) {
            float[] k = new float[stride * kvDim];
            for (int j = 0; j < kvDim; j++) System.arraycopy(keys[l], j * keyStride, k, j * stride, positions);
            keys[l] = k;
            values[l] = Arrays.copyOf(values[l], grown * kvDim);
        }
        positions = grown;
        keyStride = stride;
    }

    /** Layer {@code layer}'s keys, by dimension: element j of position p at {@code j * keyStride() + p}. */
    float[] keys(int layer) {
        return keys[layer];
    }

    int keyStride() {
        return keyStride;
    }

    float[] values(int layer) {
        return values[layer];
    }

    /** Copies n rows of keys and values (row t at {@code srcOffset + t * srcStride}) to positions {@code pos ..}. */
    void store(int layer, int pos, int n, float[] k, int kOffset, float[] v, int vOffset, int srcStride) {
        float[] dst = keys[layer];
        for (int t = 0; t < n; t++) {
            for (int j = 0, at = pos + t, src = kOffset + t * srcStride; j < kvDim; j++, at += keyStride) dst[at] = k[src + j];
            System.arraycopy(v, vOffset + t * srcStride, values[layer], (pos + t) * kvDim, kvDim);
        }
    }
}
