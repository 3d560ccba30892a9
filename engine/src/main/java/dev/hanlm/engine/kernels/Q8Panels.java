package dev.hanlm.engine.kernels;

import static dev.hanlm.engine.kernels.DType.BLOCK;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;

/**
 * Q8_0 in panels ({@link QuantizedPanels}). A chunk is 512 signed bytes: inputs {@code 4c .. 4c + 3} of rows
 * {@code 8h .. 8h + 7} are eight little-endian ints at byte {@code 64c + 32h}, byte k of int r holding input
 * {@code 4c + k} of row {@code 8h + r}. The products take byte k of each lane moved to the top and the rest
 * cleared (a shift, a mask, or both), which converts to 2^24 times its value: one operation per 32 weights fewer than
 * sign-extending it with a shift pair, and 12% faster on GPT-2's head, which streams from memory (docs/BENCHMARKS.md).
 * The sums are then exactly 2^24 times theirs, and the block's scaling takes the factor back exactly.
 */
final class Q8Panels extends QuantizedPanels {
    /** Ints of quants per chunk (a byte per element); its 16 scales follow them. */
    private static final int QUANT_WORDS = CHUNK / 4;
    /** Ints per chunk. */
    private static final int CHUNK_WORDS = chunkWords(QUANT_WORDS);
    /** The top byte of an int. */
    private static final int TOP = 0xFF000000;
    /** Undoes the factor 2^24 of the products' bytes (exact, a power of two). */
    private static final float UNSHIFT = 0x1p-24f;

    private Q8Panels(int[] words, int rows, int cols) {
        super(words, QUANT_WORDS, rows, cols);
    }

    /** {@code m} rounded as {@link Q8Tensor#quantize} rounds it. */
    static Q8Panels quantize(Matrix m) {
        int[] words = quantize(m, QUANT_WORDS, Q8Tensor::quantizeBlock, (w, at, row, q) -> {
            for (int j = 0; j < BLOCK; j++) setByte(w, 4 * at + place(row, j), q[j]);
        });
        return new Q8Panels(words, m.rows(), m.cols());
    }

    /** The byte holding input j of row {@code row} in its chunk. */
    private static int place(int row, int j) {
        return j / 4 * 64 + row / 8 * 32 + row % 8 * 4 + j % 4;
    }

    @Override
    public DType dtype() {
        return DType.Q8_0;
    }

    @Override
    int quant(int at, int row, int j) {
        return getByte(words, 4 * at + place(row, j));
    }

    @Override
    void decodeChunk(int chunk, float[] dst, int at) {
        int q = chunk * CHUNK_WORDS;
        FloatVector low = IntVector.fromArray(QI, words, q + QUANT_WORDS).reinterpretAsFloats();
        FloatVector high = IntVector.fromArray(QI, words, q + QUANT_WORDS + 8).reinterpretAsFloats();
        for (int c = 0; c < 8; c++) {
            IntVector v0 = IntVector.fromArray(QI, words, q + 16 * c);
            IntVector v1 = IntVector.fromArray(QI, words, q + 16 * c + 8);
            for (int k = 0; k < 4; k++) {
                int d = at + (4 * c + k) * NR;
                Q8Tensor.elements(v0, k).mul(low).intoArray(dst, d);
                Q8Tensor.elements(v1, k).mul(high).intoArray(dst, d + 8);
            }
        }
    }

    /**
     * One input's products with the four panels of a group, block by block: each block's eight sums (four panels, two
     * halves of 16 rows) are scaled once and added to {@code acc}. {@code offset} and {@code kc} lie on block
     * boundaries in every {@link PanelProducts} call. One method, with no vector passed to a helper (C2 boxes vectors
     * that cross a call it does not inline) and no more in it: past C2's inlining budget, its vectors were boxed too.
     * Each byte position written out: a helper choosing the operations by position, in a loop over the four, ran 9x
     * slower. {@code stride} is the panels' distance in element order; stored, they are {@link #panelStep} apart.
     */
    @Override
    void panels4(long offset, long stride, int kc, float[] x, int xo, float[] acc, int ao, float[] scratch) {
        int first = chunkAt(offset), step = panelStep();
        int[] w = words;
        for (int b = 0, count = kc / BLOCK; b < count; b++) {
            int q = (first + b) * CHUNK_WORDS, sc = q + QUANT_WORDS;
            int xb = xo + BLOCK * b;
            FloatVector s0 = FloatVector.zero(QF), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
            for (int c = 0; c < 8; c++) {
                int o = q + 16 * c;
                IntVector v0 = IntVector.fromArray(QI, w, o), v1 = IntVector.fromArray(QI, w, o + 8);
                IntVector v2 = IntVector.fromArray(QI, w, o + step), v3 = IntVector.fromArray(QI, w, o + step + 8);
                IntVector v4 = IntVector.fromArray(QI, w, o + 2 * step), v5 = IntVector.fromArray(QI, w, o + 2 * step + 8);
                IntVector v6 = IntVector.fromArray(QI, w, o + 3 * step), v7 = IntVector.fromArray(QI, w, o + 3 * step + 8);
                FloatVector x0 = FloatVector.broadcast(QF, x[xb + 4 * c]);
                s0 = ((FloatVector) v0.lanewise(LSHL, 24).convert(I2F, 0)).fma(x0, s0);
                s1 = ((FloatVector) v1.lanewise(LSHL, 24).convert(I2F, 0)).fma(x0, s1);
                s2 = ((FloatVector) v2.lanewise(LSHL, 24).convert(I2F, 0)).fma(x0, s2);
                s3 = ((FloatVector) v3.lanewise(LSHL, 24).convert(I2F, 0)).fma(x0, s3);
                s4 = ((FloatVector) v4.lanewise(LSHL, 24).convert(I2F, 0)).fma(x0, s4);
                s5 = ((FloatVector) v5.lanewise(LSHL, 24).convert(I2F, 0)).fma(x0, s5);
                s6 = ((FloatVector) v6.lanewise(LSHL, 24).convert(I2F, 0)).fma(x0, s6);
                s7 = ((FloatVector) v7.lanewise(LSHL, 24).convert(I2F, 0)).fma(x0, s7);
                FloatVector x1 = FloatVector.broadcast(QF, x[xb + 4 * c + 1]);
                s0 = ((FloatVector) v0.lanewise(LSHL, 16).and(TOP).convert(I2F, 0)).fma(x1, s0);
                s1 = ((FloatVector) v1.lanewise(LSHL, 16).and(TOP).convert(I2F, 0)).fma(x1, s1);
                s2 = ((FloatVector) v2.lanewise(LSHL, 16).and(TOP).convert(I2F, 0)).fma(x1, s2);
                s3 = ((FloatVector) v3.lanewise(LSHL, 16).and(TOP).convert(I2F, 0)).fma(x1, s3);
                s4 = ((FloatVector) v4.lanewise(LSHL, 16).and(TOP).convert(I2F, 0)).fma(x1, s4);
                s5 = ((FloatVector) v5.lanewise(LSHL, 16).and(TOP).convert(I2F, 0)).fma(x1, s5);
                s6 = ((FloatVector) v6.lanewise(LSHL, 16).and(TOP).convert(I2F, 0)).fma(x1, s6);
                s7 = ((FloatVector) v7.lanewise(LSHL, 16).and(TOP).convert(I2F, 0)).fma(x1, s7);
                FloatVector x2 = FloatVector.broadcast(QF, x[xb + 4 * c + 2]);
                s0 = ((FloatVector) v0.lanewise(LSHL, 8).and(TOP).convert(I2F, 0)).fma(x2, s0);
                s1 = ((FloatVector) v1.lanewise(LSHL, 8).and(TOP).convert(I2F, 0)).fma(x2, s1);
                s2 = ((FloatVector) v2.lanewise(LSHL, 8).and(TOP).convert(I2F, 0)).fma(x2, s2);
                s3 = ((FloatVector) v3.lanewise(LSHL, 8).and(TOP).convert(I2F, 0)).fma(x2, s3);
                s4 = ((FloatVector) v4.lanewise(LSHL, 8).and(TOP).convert(I2F, 0)).fma(x2, s4);
                s5 = ((FloatVector) v5.lanewise(LSHL, 8).and(TOP).convert(I2F, 0)).fma(x2, s5);
                s6 = ((FloatVector) v6.lanewise(LSHL, 8).and(TOP).convert(I2F, 0)).fma(x2, s6);
                s7 = ((FloatVector) v7.lanewise(LSHL, 8).and(TOP).convert(I2F, 0)).fma(x2, s7);
                FloatVector x3 = FloatVector.broadcast(QF, x[xb + 4 * c + 3]);
                s0 = ((FloatVector) v0.and(TOP).convert(I2F, 0)).fma(x3, s0);
                s1 = ((FloatVector) v1.and(TOP).convert(I2F, 0)).fma(x3, s1);
                s2 = ((FloatVector) v2.and(TOP).convert(I2F, 0)).fma(x3, s2);
                s3 = ((FloatVector) v3.and(TOP).convert(I2F, 0)).fma(x3, s3);
                s4 = ((FloatVector) v4.and(TOP).convert(I2F, 0)).fma(x3, s4);
                s5 = ((FloatVector) v5.and(TOP).convert(I2F, 0)).fma(x3, s5);
                s6 = ((FloatVector) v6.and(TOP).convert(I2F, 0)).fma(x3, s6);
                s7 = ((FloatVector) v7.and(TOP).convert(I2F, 0)).fma(x3, s7);
            }
            s0.mul(UNSHIFT).fma(IntVector.fromArray(QI, w, sc).reinterpretAsFloats(), FloatVector.fromArray(QF, acc, ao)).intoArray(acc, ao);
            s1.mul(UNSHIFT).fma(IntVector.fromArray(QI, w, sc + 8).reinterpretAsFloats(), FloatVector.fromArray(QF, acc, ao + 8)).intoArray(acc, ao + 8);
            s2.mul(UNSHIFT).fma(IntVector.fromArray(QI, w, sc + step).reinterpretAsFloats(), FloatVector.fromArray(QF, acc, ao + 16)).intoArray(acc, ao + 16);
            s3.mul(UNSHIFT).fma(IntVector.fromArray(QI, w, sc + step + 8).reinterpretAsFloats(), FloatVector.fromArray(QF, acc, ao + 24)).intoArray(acc, ao + 24);
            s4.mul(UNSHIFT).fma(IntVector.fromArray(QI, w, sc + 2 * step).reinterpretAsFloats(), FloatVector.fromArray(QF, acc, ao + 32)).intoArray(acc, ao + 32);
            s5.mul(UNSHIFT).fma(IntVector.fromArray(QI, w, sc + 2 * step + 8).reinterpretAsFloats(), FloatVector.fromArray(QF, acc, ao + 40)).intoArray(acc, ao + 40);
            s6.mul(UNSHIFT).fma(IntVector.fromArray(QI, w, sc + 3 * step).reinterpretAsFloats(), FloatVector.fromArray(QF, acc, ao + 48)).intoArray(acc, ao + 48);
            s7.mul(UNSHIFT).fma(IntVector.fromArray(QI, w, sc + 3 * step + 8).reinterpretAsFloats(), FloatVector.fromArray(QF, acc, ao + 56)).intoArray(acc, ao + 56);
        }
    }
}
