package dev.hanlm.engine.kernels;

import static dev.hanlm.engine.kernels.DType.BLOCK;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;

/**
 * Q8_0 in panels ({@link QuantizedPanels}). A chunk is 512 signed bytes: inputs {@code 4c .. 4c + 3} of rows
 * {@code 8h .. 8h + 7} are eight little-endian ints at byte {@code 64c + 32h}, byte k of int r holding input
 * {@code 4c + k} of row {@code 8h + r}; one shift pair per byte position gives one input's eight rows as int lanes.
 */
final class Q8Panels extends QuantizedPanels {
    /** Bytes of quants per chunk; its 16 scales follow them. */
    private static final int QUANT_BYTES = CHUNK;
    /** Bytes per chunk. */
    private static final int CHUNK_BYTES = chunkBytes(QUANT_BYTES);

    private Q8Panels(MemorySegment data, int rows, int cols) {
        super(data, QUANT_BYTES, rows, cols);
    }

    /** {@code m} rounded as {@link Q8Tensor#quantize} rounds it, into memory owned by {@code arena}. */
    static Q8Panels quantize(Matrix m, Arena arena) {
        MemorySegment data = arena.allocate(bytes(m, QUANT_BYTES), 64);
        quantize(m, data, QUANT_BYTES, Q8Tensor::quantizeBlock, (segment, at, row, q) -> {
            for (int j = 0; j < BLOCK; j++) segment.set(ValueLayout.JAVA_BYTE, at + place(row, j), q[j]);
        });
        return new Q8Panels(data, m.rows(), m.cols());
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
    int quant(long at, int row, int j) {
        return data.get(ValueLayout.JAVA_BYTE, at + place(row, j));
    }

    @Override
    void decodeChunk(long chunk, float[] dst, int at) {
        long q = chunk * CHUNK_BYTES;
        FloatVector low = FloatVector.fromMemorySegment(QF, data, q + QUANT_BYTES, LE);
        FloatVector high = FloatVector.fromMemorySegment(QF, data, q + QUANT_BYTES + 32, LE);
        for (int c = 0; c < 8; c++) {
            IntVector v0 = IntVector.fromMemorySegment(QI, data, q + 64 * c, LE);
            IntVector v1 = IntVector.fromMemorySegment(QI, data, q + 64 * c + 32, LE);
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
     */
    @Override
    void panels4(long offset, long stride, int kc, float[] x, int xo, float[] acc, int ao, float[] scratch) {
        // panel q of the group at chunk first + q * next, step bytes on per panel
        long first = offset / CHUNK, step = stride / CHUNK * CHUNK_BYTES;
        for (int b = 0, count = kc / BLOCK; b < count; b++) {
            long q = (first + b) * CHUNK_BYTES, sc = q + QUANT_BYTES;
            int xb = xo + BLOCK * b;
            FloatVector s0 = FloatVector.zero(QF), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
            for (int c = 0; c < 8; c++) {
                long o = q + 64 * c;
                IntVector v0 = IntVector.fromMemorySegment(QI, data, o, LE), v1 = IntVector.fromMemorySegment(QI, data, o + 32, LE);
                IntVector v2 = IntVector.fromMemorySegment(QI, data, o + step, LE), v3 = IntVector.fromMemorySegment(QI, data, o + step + 32, LE);
                IntVector v4 = IntVector.fromMemorySegment(QI, data, o + 2 * step, LE), v5 = IntVector.fromMemorySegment(QI, data, o + 2 * step + 32, LE);
                IntVector v6 = IntVector.fromMemorySegment(QI, data, o + 3 * step, LE), v7 = IntVector.fromMemorySegment(QI, data, o + 3 * step + 32, LE);
                for (int k = 0; k < 4; k++) {
                    FloatVector xk = FloatVector.broadcast(QF, x[xb + 4 * c + k]);
                    s0 = Q8Tensor.elements(v0, k).fma(xk, s0);
                    s1 = Q8Tensor.elements(v1, k).fma(xk, s1);
                    s2 = Q8Tensor.elements(v2, k).fma(xk, s2);
                    s3 = Q8Tensor.elements(v3, k).fma(xk, s3);
                    s4 = Q8Tensor.elements(v4, k).fma(xk, s4);
                    s5 = Q8Tensor.elements(v5, k).fma(xk, s5);
                    s6 = Q8Tensor.elements(v6, k).fma(xk, s6);
                    s7 = Q8Tensor.elements(v7, k).fma(xk, s7);
                }
            }
            s0.fma(FloatVector.fromMemorySegment(QF, data, sc, LE), FloatVector.fromArray(QF, acc, ao)).intoArray(acc, ao);
            s1.fma(FloatVector.fromMemorySegment(QF, data, sc + 32, LE), FloatVector.fromArray(QF, acc, ao + 8)).intoArray(acc, ao + 8);
            s2.fma(FloatVector.fromMemorySegment(QF, data, sc + step, LE), FloatVector.fromArray(QF, acc, ao + 16)).intoArray(acc, ao + 16);
            s3.fma(FloatVector.fromMemorySegment(QF, data, sc + step + 32, LE), FloatVector.fromArray(QF, acc, ao + 24)).intoArray(acc, ao + 24);
            s4.fma(FloatVector.fromMemorySegment(QF, data, sc + 2 * step, LE), FloatVector.fromArray(QF, acc, ao + 32)).intoArray(acc, ao + 32);
            s5.fma(FloatVector.fromMemorySegment(QF, data, sc + 2 * step + 32, LE), FloatVector.fromArray(QF, acc, ao + 40)).intoArray(acc, ao + 40);
            s6.fma(FloatVector.fromMemorySegment(QF, data, sc + 3 * step, LE), FloatVector.fromArray(QF, acc, ao + 48)).intoArray(acc, ao + 48);
            s7.fma(FloatVector.fromMemorySegment(QF, data, sc + 3 * step + 32, LE), FloatVector.fromArray(QF, acc, ao + 56)).intoArray(acc, ao + 56);
        }
    }
}
