package dev.hanlm.engine.kernels;

import static dev.hanlm.engine.kernels.DType.BLOCK;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q4_0 in panels ({@link QuantizedPanels}), multiplied in 16-bit integer lanes. A chunk is 256 bytes: inputs
 * {@code 4c .. 4c + 3} of the panel's 16 rows are sixteen little-endian shorts at byte {@code 32c} (rows 0-7 in the
 * even lanes, 8-15 in the odd ones: {@link #place}), nibble k of a row's short holding its input {@code 4c + k} as
 * {@code q + 8} (0-15, as llama.cpp stores it). A product takes its inputs
 * rounded to 8 bits ({@link BlockInputs}): one mask or shift (two for the middle nibbles) gives one input's 16 rows
 * as short lanes, whose products with the input, and a block's 32 sums of them, fit 16 bits (the sums wrap, and the
 * block's {@code 8 * sum q} taken away leaves {@code sum (q_w * q_x)}, at most 32 * 8 * 127 in magnitude, exact).
 * Against the float kernel this replaced (two shifts and a conversion per eight weights, the same work per weight as
 * Q8): about twice the weights per second on one thread in cache (12.4 against 24-32 G), llama-0.5b q4 decode from
 * 0.66x llama.cpp's to a median of 0.90x (docs/BENCHMARKS.md).
 */
final class Q4Panels extends QuantizedPanels {
    private static final VectorSpecies<Short> QS = ShortVector.SPECIES_256;
    /** The low nibble of each short of an int: the shifts run on int lanes, whose immediate forms C2 emits (not so for shorts). */
    private static final int NIBBLES = 0x000F000F;
    /** Ints of quants per chunk (half a byte per element); its 16 scales follow them. */
    private static final int QUANT_WORDS = CHUNK / 8;
    /** Ints per chunk. */
    private static final int CHUNK_WORDS = chunkWords(QUANT_WORDS);

    private Q4Panels(int[] words, int rows, int cols) {
        super(words, QUANT_WORDS, rows, cols);
    }

    /** {@code m} rounded as {@link Q4Tensor#quantize} rounds it. */
    static Q4Panels quantize(Matrix m) {
        int[] words = quantize(m, QUANT_WORDS, Q4Tensor::quantizeBlock, (w, at, row, q) -> {
            for (int j = 0; j < BLOCK; j += 2) setByte(w, 4 * at + place(row, j), q[j] + 8 | q[j + 1] + 8 << 4);
        });
        return new Q4Panels(words, m.rows(), m.cols());
    }

    /**
     * The byte holding input j of row {@code row} in its chunk: the low nibble for even j. Rows 0-7 take the even
     * short lanes and rows 8-15 the odd ones, so that each int of the chunk holds row r in its low half and row r + 8
     * in its high half: a shift or two then gives either half of the panel as int lanes, in row order.
     */
    private static int place(int row, int j) {
        int lane = row < 8 ? 2 * row : 2 * (row - 8) + 1;
        return j / 4 * 32 + lane * 2 + j % 4 / 2;
    }

    @Override
    public DType dtype() {
        return DType.Q4_0;
    }

    @Override
    int quant(int at, int row, int j) {
        return (getByte(words, 4 * at + place(row, j)) >> j % 2 * 4 & 0xF) - 8;
    }

    @Override
    void decodeChunk(int chunk, float[] dst, int at) {
        int q = chunk * CHUNK_WORDS;
        FloatVector low = IntVector.fromArray(QI, words, q + QUANT_WORDS).reinterpretAsFloats();
        FloatVector high = IntVector.fromArray(QI, words, q + QUANT_WORDS + 8).reinterpretAsFloats();
        for (int c = 0; c < 8; c++) {
            IntVector v = IntVector.fromArray(QI, words, q + 8 * c);
            for (int k = 0; k < 4; k++) {
                int d = at + (4 * c + k) * NR;
                // q + 8 exactly as a float, less 8: q, then scaled as Q4Tensor scales it
                ((FloatVector) v.lanewise(LSHR, 4 * k).and(0xF).convert(I2F, 0)).sub(8f).mul(low).intoArray(dst, d);
                ((FloatVector) v.lanewise(LSHR, 16 + 4 * k).and(0xF).convert(I2F, 0)).sub(8f).mul(high).intoArray(dst, d + 8);
            }
        }
    }

    /**
     * Input row {@code t}'s products with the four panels of a group over inputs {@code xo .. xo + kc} of its row (on
     * block boundaries, as in every {@link PanelProducts} call), added to {@code acc[ao .. ao + 64)}: each block's sums
     * for 64 rows in four short vectors, then scaled once. As in {@link Q8Panels#panels4}, one method with no vector
     * passed to a helper C2 might not inline; each nibble written out (a loop over the four kept a branch per nibble).
     */
    void products(long offset, int kc, BlockInputs in, int t, int xo, float[] acc, int ao) {
        int first = chunkAt(offset), step = panelStep();
        short[] xq = in.quants;
        int rowStart = t * in.cols, blockStart = t * in.blocks + xo / BLOCK;
        int count = kc / BLOCK;
        int[] w = words;
        for (int b = 0; b < count; b++) {
            int q = (first + b) * CHUNK_WORDS, sc = q + QUANT_WORDS;
            int xb = rowStart + xo + BLOCK * b;
            ShortVector a0 = ShortVector.zero(QS), a1 = a0, a2 = a0, a3 = a0;
            for (int c = 0; c < 8; c++) {
                int o = q + 8 * c;
                int xi = xb + 4 * c;
                ShortVector x0 = ShortVector.broadcast(QS, xq[xi]), x1 = ShortVector.broadcast(QS, xq[xi + 1]);
                ShortVector x2 = ShortVector.broadcast(QS, xq[xi + 2]), x3 = ShortVector.broadcast(QS, xq[xi + 3]);
                IntVector v = IntVector.fromArray(QI, w, o);
                a0 = a0.add(v.and(NIBBLES).reinterpretAsShorts().mul(x0).add(v.lanewise(LSHR, 4).and(NIBBLES).reinterpretAsShorts().mul(x1)))
                        .add(v.lanewise(LSHR, 8).and(NIBBLES).reinterpretAsShorts().mul(x2).add(v.lanewise(LSHR, 12).and(NIBBLES).reinterpretAsShorts().mul(x3)));
                v = IntVector.fromArray(QI, w, o + step);
                a1 = a1.add(v.and(NIBBLES).reinterpretAsShorts().mul(x0).add(v.lanewise(LSHR, 4).and(NIBBLES).reinterpretAsShorts().mul(x1)))
                        .add(v.lanewise(LSHR, 8).and(NIBBLES).reinterpretAsShorts().mul(x2).add(v.lanewise(LSHR, 12).and(NIBBLES).reinterpretAsShorts().mul(x3)));
                v = IntVector.fromArray(QI, w, o + 2 * step);
                a2 = a2.add(v.and(NIBBLES).reinterpretAsShorts().mul(x0).add(v.lanewise(LSHR, 4).and(NIBBLES).reinterpretAsShorts().mul(x1)))
                        .add(v.lanewise(LSHR, 8).and(NIBBLES).reinterpretAsShorts().mul(x2).add(v.lanewise(LSHR, 12).and(NIBBLES).reinterpretAsShorts().mul(x3)));
                v = IntVector.fromArray(QI, w, o + 3 * step);
                a3 = a3.add(v.and(NIBBLES).reinterpretAsShorts().mul(x0).add(v.lanewise(LSHR, 4).and(NIBBLES).reinterpretAsShorts().mul(x1)))
                        .add(v.lanewise(LSHR, 8).and(NIBBLES).reinterpretAsShorts().mul(x2).add(v.lanewise(LSHR, 12).and(NIBBLES).reinterpretAsShorts().mul(x3)));
            }
            ShortVector offsets = ShortVector.broadcast(QS, in.offsets[blockStart + b]);
            float d = in.scales[blockStart + b];
            // each int lane: row r's sum in its low half, row r + 8's in its high half
            IntVector i0 = a0.sub(offsets).reinterpretAsInts(), i1 = a1.sub(offsets).reinterpretAsInts();
            IntVector i2 = a2.sub(offsets).reinterpretAsInts(), i3 = a3.sub(offsets).reinterpretAsInts();
            ((FloatVector) i0.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0)).mul(d).fma(IntVector.fromArray(QI, w, sc).reinterpretAsFloats(), FloatVector.fromArray(QF, acc, ao)).intoArray(acc, ao);
            ((FloatVector) i0.lanewise(ASHR, 16).convert(I2F, 0)).mul(d).fma(IntVector.fromArray(QI, w, sc + 8).reinterpretAsFloats(), FloatVector.fromArray(QF, acc, ao + 8)).intoArray(acc, ao + 8);
            ((FloatVector) i1.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0)).mul(d).fma(IntVector.fromArray(QI, w, sc + step).reinterpretAsFloats(), FloatVector.fromArray(QF, acc, ao + 16)).intoArray(acc, ao + 16);
            ((FloatVector) i1.lanewise(ASHR, 16).convert(I2F, 0)).mul(d).fma(IntVector.fromArray(QI, w, sc + step + 8).reinterpretAsFloats(), FloatVector.fromArray(QF, acc, ao + 24)).intoArray(acc, ao + 24);
            ((FloatVector) i2.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0)).mul(d).fma(IntVector.fromArray(QI, w, sc + 2 * step).reinterpretAsFloats(), FloatVector.fromArray(QF, acc, ao + 32)).intoArray(acc, ao + 32);
            ((FloatVector) i2.lanewise(ASHR, 16).convert(I2F, 0)).mul(d).fma(IntVector.fromArray(QI, w, sc + 2 * step + 8).reinterpretAsFloats(), FloatVector.fromArray(QF, acc, ao + 40)).intoArray(acc, ao + 40);
            ((FloatVector) i3.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0)).mul(d).fma(IntVector.fromArray(QI, w, sc + 3 * step).reinterpretAsFloats(), FloatVector.fromArray(QF, acc, ao + 48)).intoArray(acc, ao + 48);
            ((FloatVector) i3.lanewise(ASHR, 16).convert(I2F, 0)).mul(d).fma(IntVector.fromArray(QI, w, sc + 3 * step + 8).reinterpretAsFloats(), FloatVector.fromArray(QF, acc, ao + 56)).intoArray(acc, ao + 56);
        }
    }
}
