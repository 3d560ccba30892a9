package dev.hanlm.engine.kernels;

import static dev.hanlm.engine.kernels.DType.BLOCK;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;

/**
 * Q4_0 in panels ({@link QuantizedPanels}). A chunk is 256 bytes: inputs {@code 8c .. 8c + 7} of rows
 * {@code 8h .. 8h + 7} are eight little-endian ints at byte {@code 64c + 32h}, nibble k of int r holding input
 * {@code 8c + k} of row {@code 8h + r} (two's complement); one shift pair per nibble position gives one input's eight
 * rows as int lanes.
 */
final class Q4Panels extends QuantizedPanels {
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
                segment.set(ValueLayout.JAVA_BYTE, at + place(row, j), (byte) (q[j] & 0xF | q[j + 1] << 4));
            }
        });
        return new Q4Panels(data, m.rows(), m.cols());
    }

    /** The byte holding input j of row {@code row} in its chunk: the low nibble for even j. */
    private static int place(int row, int j) {
        return j / 8 * 64 + row / 8 * 32 + row % 8 * 4 + j % 8 / 2;
    }

    @Override
    public DType dtype() {
        return DType.Q4_0;
    }

    @Override
    int quant(long at, int row, int j) {
        int packed = data.get(ValueLayout.JAVA_BYTE, at + place(row, j));
        return (packed << (28 - j % 2 * 4)) >> 28;
    }

    @Override
    void decodeChunk(long chunk, float[] dst, int at) {
        long q = chunk * CHUNK_BYTES;
        FloatVector low = FloatVector.fromMemorySegment(QF, data, q + QUANT_BYTES, LE);
        FloatVector high = FloatVector.fromMemorySegment(QF, data, q + QUANT_BYTES + 32, LE);
        for (int c = 0; c < 4; c++) {
            IntVector v0 = IntVector.fromMemorySegment(QI, data, q + 64 * c, LE);
            IntVector v1 = IntVector.fromMemorySegment(QI, data, q + 64 * c + 32, LE);
            for (int k = 0; k < 8; k++) {
                int d = at + (8 * c + k) * NR;
                Q4Tensor.elements(v0, k).mul(low).intoArray(dst, d);
                Q4Tensor.elements(v1, k).mul(high).intoArray(dst, d + 8);
            }
        }
    }

    /**
     * As {@link Q8Panels#panels4}, with eight inputs to each int of quants. The loop is written out again rather than
     * shared: one loop taking the bits per quant as a parameter (shift counts and trip counts no longer constants) ran
     * 1.4-1.8x slower for both formats.
     */
    @Override
    void panels4(long offset, long stride, int kc, float[] x, int xo, float[] acc, int ao, float[] scratch) {
        // panel q of the group at chunk first + q * next, step bytes on per panel
        long first = offset / CHUNK, step = stride / CHUNK * CHUNK_BYTES;
        for (int b = 0, count = kc / BLOCK; b < count; b++) {
            long q = (first + b) * CHUNK_BYTES, sc = q + QUANT_BYTES;
            int xb = xo + BLOCK * b;
            FloatVector s0 = FloatVector.zero(QF), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
            for (int c = 0; c < 4; c++) {
                long o = q + 64 * c;
                IntVector v0 = IntVector.fromMemorySegment(QI, data, o, LE), v1 = IntVector.fromMemorySegment(QI, data, o + 32, LE);
                IntVector v2 = IntVector.fromMemorySegment(QI, data, o + step, LE), v3 = IntVector.fromMemorySegment(QI, data, o + step + 32, LE);
                IntVector v4 = IntVector.fromMemorySegment(QI, data, o + 2 * step, LE), v5 = IntVector.fromMemorySegment(QI, data, o + 2 * step + 32, LE);
                IntVector v6 = IntVector.fromMemorySegment(QI, data, o + 3 * step, LE), v7 = IntVector.fromMemorySegment(QI, data, o + 3 * step + 32, LE);
                for (int k = 0; k < 8; k++) {
                    FloatVector xk = FloatVector.broadcast(QF, x[xb + 8 * c + k]);
                    s0 = Q4Tensor.elements(v0, k).fma(xk, s0);
                    s1 = Q4Tensor.elements(v1, k).fma(xk, s1);
                    s2 = Q4Tensor.elements(v2, k).fma(xk, s2);
                    s3 = Q4Tensor.elements(v3, k).fma(xk, s3);
                    s4 = Q4Tensor.elements(v4, k).fma(xk, s4);
                    s5 = Q4Tensor.elements(v5, k).fma(xk, s5);
                    s6 = Q4Tensor.elements(v6, k).fma(xk, s6);
                    s7 = Q4Tensor.elements(v7, k).fma(xk, s7);
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
