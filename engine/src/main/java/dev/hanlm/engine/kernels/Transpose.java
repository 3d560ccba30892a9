package dev.hanlm.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transposes a block of rows into columns, for packing nn.Linear weights and A operands into matmul panels, and adds
 * a matrix transposed into another (a weight gradient computed as its transpose). With 256-bit vectors
 * (or wider) it moves 8 x 8 blocks through registers in three rounds of two-vector shuffles, several times faster
 * than the scalar loop that finishes the edges and serves narrower machines.
 */
public final class Transpose {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    static final boolean VECTOR = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    /** Columns of src (rows of dst) {@link #add} takes at a time. */
    private static final int ADD_COLUMNS = 256;
    // indices 8..15 pick from the second vector of a two-vector rearrange
    private static final VectorShuffle<Float> PAIRS_LO = VectorShuffle.fromValues(S, 0, 8, 1, 9, 4, 12, 5, 13);
    private static final VectorShuffle<Float> PAIRS_HI = VectorShuffle.fromValues(S, 2, 10, 3, 11, 6, 14, 7, 15);
    private static final VectorShuffle<Float> QUADS_LO = VectorShuffle.fromValues(S, 0, 1, 8, 9, 4, 5, 12, 13);
    private static final VectorShuffle<Float> QUADS_HI = VectorShuffle.fromValues(S, 2, 3, 10, 11, 6, 7, 14, 15);
    private static final VectorShuffle<Float> HALVES_LO = VectorShuffle.fromValues(S, 0, 1, 2, 3, 8, 9, 10, 11);
    private static final VectorShuffle<Float> HALVES_HI = VectorShuffle.fromValues(S, 4, 5, 6, 7, 12, 13, 14, 15);

    private Transpose() {}

    /** dst[dstOffset + k * rows + r] = src[srcOffset + r * srcStride + k] for r < rows, k < cols. */
    static void rows(float[] src, int srcOffset, int srcStride, int rows, int cols, float[] dst, int dstOffset) {
        int k = 0;
        if (VECTOR && rows % 8 == 0) {
            // eight rows at a time along their whole length: eight streams of reads rather than all the rows' at once,
            // 1.3-2x faster when the source comes from memory (a vocabulary-sized weight)
            int vectorCols = cols - cols % 8;
            for (int r = 0; r < rows; r += 8) {
                for (k = 0; k < vectorCols; k += 8) block8(src, srcOffset + r * srcStride + k, srcStride, 8, dst, dstOffset + k * rows + r, rows);
            }
            k = vectorCols;
        }
        for (; k < cols; k++) {
            for (int r = 0; r < rows; r++) dst[dstOffset + k * rows + r] = src[srcOffset + r * srcStride + k];
        }
    }

    /**
     * {@code dst[dstOffset + k * dstStride + r] += src[srcOffset + r * srcStride + k]} for r < rows, k < cols: a
     * matrix added transposed into another, in tiles of 8 x 64 transposed into a small buffer and added along dst's
     * rows on vectors (the tied head's weight gradient, 4.1M values at the bundled shape: a scalar loop was 3% of a
     * 4 x 64 training step). Columns are taken {@link #ADD_COLUMNS} at a time, all rows each, so that the dst rows
     * they reach stay in cache while every band of 8 rows adds to them (1.8x faster on that gradient, one thread).
     */
    public static void add(float[] src, int srcOffset, int srcStride, int rows, int cols, float[] dst, int dstOffset, int dstStride) {
        float[] tile = new float[8 * 64];
        for (int c0 = 0; c0 < cols; c0 += ADD_COLUMNS) {
            int c1 = Math.min(cols, c0 + ADD_COLUMNS);
            for (int r0 = 0; r0 < rows; r0 += 8) {
                int height = Math.min(8, rows - r0);
                for (int k0 = c0; k0 < c1; k0 += 64) {
                    int width = Math.min(64, c1 - k0);
                    rows(src, srcOffset + r0 * srcStride + k0, srcStride, height, width, tile, 0);
                    for (int k = 0; k < width; k++) Vectors.add(tile, k * height, dst, dstOffset + (k0 + k) * dstStride + r0, height);
                }
            }
        }
    }

    /**
     * The 8 x 8 block at src (rows srcStride apart) into dst (rows dstStride apart), transposed; or, with {@code rows}
     * 6, the 6 x 8 block, whose transposed rows are still stored 8 wide: lanes 6 and 7 repeat rows 4 and 5, and each
     * store's two extra values are overwritten by the next store (they are made in order) but the last's, left at
     * {@code d + 7 * dstStride + 6} and {@code + 7}.
     */
    static void block8(float[] src, int s, int srcStride, int rows, float[] dst, int d, int dstStride) {
        FloatVector r0 = FloatVector.fromArray(S, src, s), r1 = FloatVector.fromArray(S, src, s + srcStride);
        FloatVector r2 = FloatVector.fromArray(S, src, s + 2 * srcStride), r3 = FloatVector.fromArray(S, src, s + 3 * srcStride);
        FloatVector r4 = FloatVector.fromArray(S, src, s + 4 * srcStride), r5 = FloatVector.fromArray(S, src, s + 5 * srcStride);
        FloatVector r6 = FloatVector.fromArray(S, src, s + (rows - 2) * srcStride), r7 = FloatVector.fromArray(S, src, s + (rows - 1) * srcStride);
        FloatVector a0 = r0.rearrange(PAIRS_LO, r1), a1 = r0.rearrange(PAIRS_HI, r1);
        FloatVector a2 = r2.rearrange(PAIRS_LO, r3), a3 = r2.rearrange(PAIRS_HI, r3);
        FloatVector a4 = r4.rearrange(PAIRS_LO, r5), a5 = r4.rearrange(PAIRS_HI, r5);
        FloatVector a6 = r6.rearrange(PAIRS_LO, r7), a7 = r6.rearrange(PAIRS_HI, r7);
        FloatVector b0 = a0.rearrange(QUADS_LO, a2), b1 = a0.rearrange(QUADS_HI, a2);
        FloatVector b2 = a1.rearrange(QUADS_LO, a3), b3 = a1.rearrange(QUADS_HI, a3);
        FloatVector b4 = a4.rearrange(QUADS_LO, a6), b5 = a4.rearrange(QUADS_HI, a6);
        FloatVector b6 = a5.rearrange(QUADS_LO, a7), b7 = a5.rearrange(QUADS_HI, a7);
        b0.rearrange(HALVES_LO, b4).intoArray(dst, d);
        b1.rearrange(HALVES_LO, b5).intoArray(dst, d + dstStride);
        b2.rearrange(HALVES_LO, b6).intoArray(dst, d + 2 * dstStride);
        b3.rearrange(HALVES_LO, b7).intoArray(dst, d + 3 * dstStride);
        b0.rearrange(HALVES_HI, b4).intoArray(dst, d + 4 * dstStride);
        b1.rearrange(HALVES_HI, b5).intoArray(dst, d + 5 * dstStride);
        b2.rearrange(HALVES_HI, b6).intoArray(dst, d + 6 * dstStride);
        b3.rearrange(HALVES_HI, b7).intoArray(dst, d + 7 * dstStride);
    }
}
