package dev.hanlm.engine.model;

import dev.hanlm.engine.ModelConfig;
import dev.hanlm.engine.kernels.Attention;

/**
 * The rows of a batched decode step: row b is one new token of sequence b, at position {@code positions[b]} of that
 * sequence's own KV cache.
 */
record DecodeRows(State[] sequences, int[] positions) {
    int count() {
        return positions.length;
    }

    /** Makes room in each cache for its new position. */
    void reserve() {
        for (int b = 0; b < count(); b++) sequences[b].cache.reserve(positions[b] + 1);
    }

    /** Appends row b's key and value (at {@code kOffset} / {@code vOffset + b * stride}) to sequence b's cache. */
    void store(int layer, float[] k, int kOffset, float[] v, int vOffset, int stride) {
        for (int b = 0; b < count(); b++) {
            sequences[b].cache.store(layer, positions[b], 1, k, kOffset + b * stride, v, vOffset + b * stride, stride);
        }
    }

    /** out row b = row b's query (at {@code b * qStride}) attending over sequence b's cache up to its new position. */
    void attend(int layer, float[] out, float[] q, int qStride, ModelConfig c) {
        float[][] keys = new float[count()][], values = new float[count()][];
        int[] keyStrides = new int[count()];
        for (int b = 0; b < count(); b++) {
            keys[b] = sequences[b].cache.keys(layer);
            keyStrides[b] = sequences[b].cache.keyStride();
            values[b] = sequences[b].cache.values(layer);
        }
        Attention.decode(out, q, qStride, keys, keyStrides, values, positions, c.heads(), c.kvHeads(), c.headDim(),
                (float) (1 / Math.sqrt(c.headDim())));
    }
}
