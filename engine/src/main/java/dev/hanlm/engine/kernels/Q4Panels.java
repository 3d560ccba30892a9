package dev.hanlm.engine.kernels;

import static dev.hanlm.engine.kernels.DType.BLOCK;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
    /** Bytes of quants per chunk; its 16 scales follow them. */
    private static final int QUANT_BYTES = CHUNK / 2;
    /** Bytes per chunk. */
    private static final int CHUNK_BYTES = chunkBytes(QUANT_BYTES);

    private Q4Panels(MemorySegment data, int rows, int cols) {
        super(data, QUANT_BYTES, rows, cols);
    }

    /** {@code m} rounded as {@link Q4Tensor#quantize} rounds it, into memory owned by {@code arena}. */
    static Q4Panels quantize(Matrix m, Arena arena) {
        MemorySegment data = arena.allocate(bytes(m, QUANT_BYTES), 64);
        quantize(m, data, QUANT_BYTES, Q4Tensor::quantizeBlock, (segment, at, row, q) -> {
            for (int j = 0; j < BLOCK; j += 2) {
                segment.set(ValueLayout.JAVA_BYTE, at + place(row, j), (byte) (q[j] + 8 | q[j + 1] + 8 << 4));
            }
        });
        return new Q4Panels(data, m.rows(), m.cols());
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
    int quant(long at, int row, int j) {
        int packed = data.get(ValueLayout.JAVA_BYTE, at + place(row, j));
        return (packed >> j % 2 * 4 & 0xF) - 8;
    }

    @Override
    void decodeChunk(long chunk, float[] dst, int at) {
        long q = chunk * CHUNK_BYTES;
        FloatVector low = FloatVector.fromMemorySegment(QF, data, q + QUANT_BYTES, LE);
        FloatVector high = FloatVector.fromMemorySegment(QF, data, q + QUANT_BYTES + 32, LE);
        for (int c = 0; c < 8; c++) {
            IntVector v = IntVector.fromMemorySegment(QI, data, q + 32 * c, LE);
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
    void products(long offset, long stride, int kc, BlockInputs in, int t, int xo, float[] acc, int ao) {
        long first = offset / CHUNK, step = stride / CHUNK * CHUNK_BYTES;
        short[] xq = in.quants;
        int rowStart = t * in.cols, blockStart = t * in.blocks + xo / BLOCK;
        int count = kc / BLOCK;
        // the four panels' chunks as slices, read at int offsets: one check per slice, the loads' checks hoisted
        MemorySegment p0 = panel(first, step, 0, count), p1 = panel(first, step, 1, count);
        MemorySegment p2 = panel(first, step, 2, count), p3 = panel(first, step, 3, count);
        for (int b = 0; b < count; b++) {
            long q = (first + b) * CHUNK_BYTES, sc = q + QUANT_BYTES;
            int xb = rowStart + xo + BLOCK * b;
            ShortVector a0 = ShortVector.zero(QS), a1 = a0, a2 = a0, a3 = a0;
            for (int c = 0; c < 8; c++) {
                int o = b * CHUNK_BYTES + 32 * c;
                int xi = xb + 4 * c;
                ShortVector x0 = ShortVector.broadcast(QS, xq[xi]), x1 = ShortVector.broadcast(QS, xq[xi + 1]);
                ShortVector x2 = ShortVector.broadcast(QS, xq[xi + 2]), x3 = ShortVector.broadcast(QS, xq[xi + 3]);
                IntVector v = IntVector.fromMemorySegment(QI, p0, o, LE);
                a0 = a0.add(v.and(NIBBLES).reinterpretAsShorts().mul(x0).add(v.lanewise(LSHR, 4).and(NIBBLES).reinterpretAsShorts().mul(x1)))
                        .add(v.lanewise(LSHR, 8).and(NIBBLES).reinterpretAsShorts().mul(x2).add(v.lanewise(LSHR, 12).and(NIBBLES).reinterpretAsShorts().mul(x3)));
                v = IntVector.fromMemorySegment(QI, p1, o, LE);
                a1 = a1.add(v.and(NIBBLES).reinterpretAsShorts().mul(x0).add(v.lanewise(LSHR, 4).and(NIBBLES).reinterpretAsShorts().mul(x1)))
                        .add(v.lanewise(LSHR, 8).and(NIBBLES).reinterpretAsShorts().mul(x2).add(v.lanewise(LSHR, 12).and(NIBBLES).reinterpretAsShorts().mul(x3)));
                v = IntVector.fromMemorySegment(QI, p2, o, LE);
                a2 = a2.add(v.and(NIBBLES).reinterpretAsShorts().mul(x0).add(v.lanewise(LSHR, 4).and(NIBBLES).reinterpretAsShorts().mul(x1)))
                        .add(v.lanewise(LSHR, 8).and(NIBBLES).reinterpretAsShorts().mul(x2).add(v.lanewise(LSHR, 12).and(NIBBLES).reinterpretAsShorts().mul(x3)));
                v = IntVector.fromMemorySegment(QI, p3, o, LE);
                a3 = a3.add(v.and(NIBBLES).reinterpretAsShorts().mul(x0).add(v.lanewise(LSHR, 4).and(NIBBLES).reinterpretAsShorts().mul(x1)))
                        .add(v.lanewise(LSHR, 8).and(NIBBLES).reinterpretAsShorts().mul(x2).add(v.lanewise(LSHR, 12).and(NIBBLES).reinterpretAsShorts().mul(x3)));
            }
            ShortVector offsets = ShortVector.broadcast(QS, in.offsets[blockStart + b]);
            float d = in.scales[blockStart + b];
            // each int lane: row r's sum in its low half, row r + 8's in its high half
            IntVector i0 = a0.sub(offsets).reinterpretAsInts(), i1 = a1.sub(offsets).reinterpretAsInts();
            IntVector i2 = a2.sub(offsets).reinterpretAsInts(), i3 = a3.sub(offsets).reinterpretAsInts();
            ((FloatVector) i0.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0)).mul(d).fma(FloatVector.fromMemorySegment(QF, data, sc, LE), FloatVector.fromArray(QF, acc, ao)).intoArray(acc, ao);
            ((FloatVector) i0.lanewise(ASHR, 16).convert(I2F, 0)).mul(d).fma(FloatVector.fromMemorySegment(QF, data, sc + 32, LE), FloatVector.fromArray(QF, acc, ao + 8)).intoArray(acc, ao + 8);
            ((FloatVector) i1.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0)).mul(d).fma(FloatVector.fromMemorySegment(QF, data, sc + step, LE), FloatVector.fromArray(QF, acc, ao + 16)).intoArray(acc, ao + 16);
            ((FloatVector) i1.lanewise(ASHR, 16).convert(I2F, 0)).mul(d).fma(FloatVector.fromMemorySegment(QF, data, sc + step + 32, LE), FloatVector.fromArray(QF, acc, ao + 24)).intoArray(acc, ao + 24);
            ((FloatVector) i2.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0)).mul(d).fma(FloatVector.fromMemorySegment(QF, data, sc + 2 * step, LE), FloatVector.fromArray(QF, acc, ao + 32)).intoArray(acc, ao + 32);
            ((FloatVector) i2.lanewise(ASHR, 16).convert(I2F, 0)).mul(d).fma(FloatVector.fromMemorySegment(QF, data, sc + 2 * step + 32, LE), FloatVector.fromArray(QF, acc, ao + 40)).intoArray(acc, ao + 40);
            ((FloatVector) i3.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0)).mul(d).fma(FloatVector.fromMemorySegment(QF, data, sc + 3 * step, LE), FloatVector.fromArray(QF, acc, ao + 48)).intoArray(acc, ao + 48);
            ((FloatVector) i3.lanewise(ASHR, 16).convert(I2F, 0)).mul(d).fma(FloatVector.fromMemorySegment(QF, data, sc + 3 * step + 32, LE), FloatVector.fromArray(QF, acc, ao + 56)).intoArray(acc, ao + 56);
        }
    }
}
