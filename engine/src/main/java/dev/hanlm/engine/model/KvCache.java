package dev.hanlm.engine.model;

import java.util.Arrays;

/**
 * The keys and values of every layer for positions {@code 0 .. capacity}: per layer one array with position p's
 * row (all key/value heads, {@code kvDim} floats) at {@code p * kvDim}. The arrays grow by doubling as positions are
 * used, so a session with a long context costs memory only for what it holds.
 */
final class KvCache {
    private static final int INITIAL_POSITIONS = 64;

    private final int kvDim;
    private final int capacity;
    private final float[][] keys;
    private final float[][] values;

    KvCache(int layers, int kvDim, int capacity) {
        this.kvDim = kvDim;
        this.capacity = capacity;
        this.keys = new float[layers][0];
        this.values = new float[layers][0];
    }

    int capacity() {
        return capacity;
    }

    /** Makes room for positions {@code 0 .. positions - 1}. */
    void reserve(int positions) {
        if (keys.length == 0 || keys[0].length >= (long) positions * kvDim) return;
        int grown = Math.min(capacity, Math.max(positions, Math.max(INITIAL_POSITIONS, 2 * keys[0].length / kvDim)));
        for (int l = 0; l < keys.length; l++) {
            keys[l] = Arrays.copyOf(keys[l], grown * kvDim);
            values[l] = Arrays.copyOf(values[l], grown * kvDim);
        }
    }

    float[] keys(int layer) {
        return keys[layer];
    }

    float[] values(int layer) {
        return values[layer];
    }

    /** Copies n rows of keys and values (row t at {@code srcOffset + t * srcStride}) to positions {@code pos ..}. */
    void store(int layer, int pos, int n, float[] k, int kOffset, float[] v, int vOffset, int srcStride) {
        for (int t = 0; t < n; t++) {
            System.arraycopy(k, kOffset + t * srcStride, keys[layer], (pos + t) * kvDim, kvDim);
            System.arraycopy(v, vOffset + t * srcStride, values[layer], (pos + t) * kvDim, kvDim);
        }
    }
}
