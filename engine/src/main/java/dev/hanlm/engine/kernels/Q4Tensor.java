package dev.hanlm.engine.kernels;

import static dev.hanlm.engine.kernels.DType.BLOCK;
import static dev.hanlm.engine.kernels.Q8Tensor.QF;
import static dev.hanlm.engine.kernels.Q8Tensor.QI;
import static dev.hanlm.engine.kernels.Q8Tensor.QL;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;

/**
 * 4-bit block quantization (llama.cpp's Q4_0 rounding): each run of 32 elements is {@code scale * q} with one f16
 * scale and q in [-8, 7]. Blocks run over the flattened tensor as in {@link Q8Tensor}.
 * <p>
 * Two blocks share 32 bytes, interleaved for the vector decoder: read as eight little-endian ints, nibble {@code k}
 * of int {@code i} holds element {@code 8k + i} of the pair (two's complement), so one shift pair per nibble position
 * yields eight consecutive elements as int lanes; nibbles 0-3 belong to the first block, 4-7 to the second.
 */
public final class Q4Tensor extends Tensor {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);
    /** Elements in 32 bytes: two blocks. */
    private static final int PAIR = 2 * BLOCK;

    private final MemorySegment quants;
    private final MemorySegment scales;

    private Q4Tensor(MemorySegment quants, MemorySegment scales, long size) {
        super(size);
        this.quants = quants;
        this.scales = scales;
    }

    /** Quantizes {@code m} (read in its logical row-major order) into memory owned by {@code arena}. */
    public static Q4Tensor quantize(Matrix m, Arena arena) {
        long size = (long) m.rows() * m.cols();
        long pairs = Math.ceilDiv(size, PAIR);
        MemorySegment quants = arena.allocate(pairs * 32, 64);
        MemorySegment scales = arena.allocate(pairs * 4, 2);
        m.forEachBlock((b, v, o) -> {
            byte[] q = new byte[BLOCK];
            scales.set(BF16Tensor.SHORT, b * 2, quantizeBlock(v, o, q));
            // this block's nibbles of the pair's eight ints; the second block of a pair adds its half to the first's
            long pairStart = b / 2 * 32;
            int firstNibble = (int) (b % 2) * 4;
            for (int i = 0; i < 8; i++) {
                int bits = b % 2 == 0 ? 0 : quants.get(INT, pairStart + 4 * i);
                for (int k = 0; k < 4; k++) bits |= (q[8 * k + i] & 0xF) << 4 * (firstNibble + k);
                quants.set(INT, pairStart + 4 * i, bits);
            }
        });
        return new Q4Tensor(quants, scales, size);
    }

    /**
     * Rounds {@code v[o .. o + 32)} as llama.cpp's Q4_0 does: into {@code q} (in element order, each in [-8, 7]) and
     * the returned f16 scale (the bits), so that element j is {@code scale * q[j]}.
     */
    static short quantizeBlock(float[] v, int o, byte[] q) {
        // the signed value of largest magnitude maps to -8, so the full 4-bit range is used on that side
        float amax = 0, max = 0;
        for (int j = 0; j < BLOCK; j++) {
            if (Math.abs(v[o + j]) > amax) {
                amax = Math.abs(v[o + j]);
                max = v[o + j];
            }
        }
        float d = max / -8f;
        float id = d != 0 ? 1f / d : 0f;
        for (int j = 0; j < BLOCK; j++) q[j] = (byte) (Math.min(15, (int) (v[o + j] * id + 8.5f)) - 8);
        return Float.floatToFloat16(d);
    }

    /** Nibble position (0-7) of element {@code index} within its int. */
    private static int nibbleOf(long index) {
        return (int) (index % PAIR) / 8;
    }

    /** The byte holding element {@code index}: pair start + 4 * (e % 8) + nibble / 2 for e its place in the pair. */
    private static long byteOf(long index) {
        int e = (int) (index % PAIR);
        return (index - e) / 2 + 4 * (e % 8) + e / 16;
    }

    @Override
    public DType dtype() {
        return DType.Q4_0;
    }

    @Override
    public long byteSize() {
        return quants.byteSize() + scales.byteSize();
    }

    private float scale(long block) {
        return Float.float16ToFloat(scales.get(BF16Tensor.SHORT, block * 2));
    }

    @Override
    public float get(long index) {
        int packed = quants.get(ValueLayout.JAVA_BYTE, byteOf(index));
        int q = (packed << (28 - nibbleOf(index) % 2 * 4)) >> 28;
        return scale(index / BLOCK) * q;
    }

    /**
     * Nibble k of each int lane of {@code v}, sign-extended, as floats: elements {@code 8k + h ..} (QL of them) of the
     * pair whose ints {@code h ..} are in {@code v}.
     */
    static FloatVector elements(IntVector v, int k) {
        return (FloatVector) v.lanewise(LSHL, 28 - 4 * k).lanewise(ASHR, 28).convert(I2F, 0);
    }

    @Override
    public void toFloats(long offset, float[] dst, int dstOffset, int n) {
        int head = Math.min(n, Math.floorMod(-offset, PAIR)), pairs = (n - head) / PAIR;
        for (int k = 0; k < head; k++) dst[dstOffset + k] = get(offset + k);
        long firstPair = (offset + head) / PAIR;
        // a counted loop over whole pairs of blocks: C2 then hoists the bounds checks and polls for safepoints less often
        for (int p = 0; p < pairs; p++) {
            long pair = firstPair + p;
            int at = dstOffset + head + p * PAIR;
            float first = scale(2 * pair), second = scale(2 * pair + 1);
            for (int h = 0; h < 8; h += QL) {
                IntVector v = IntVector.fromMemorySegment(QI, quants, pair * 32 + 4L * h, LE);
                for (int k = 0; k < 8; k++) elements(v, k).mul(k < 4 ? first : second).intoArray(dst, at + 8 * k + h);
            }
        }
        for (int i = head + pairs * PAIR; i < n; i++) dst[dstOffset + i] = get(offset + i);
    }

    @Override
    public float dot(long offset, float[] x, int xOffset, int n) {
        int head = Math.min(n, Math.floorMod(-offset, PAIR)), pairs = (n - head) / PAIR;
        float sum = 0;
        for (int k = 0; k < head; k++) sum += get(offset + k) * x[xOffset + k];
        FloatVector acc = FloatVector.zero(QF);
        long firstPair = (offset + head) / PAIR;
        for (int p = 0; p < pairs; p++) {
            long pair = firstPair + p;
            FloatVector first = FloatVector.zero(QF), second = first;
            for (int h = 0; h < 8; h += QL) {
                IntVector v = IntVector.fromMemorySegment(QI, quants, pair * 32 + 4L * h, LE);
                int xi = xOffset + head + p * PAIR + h;
                for (int k = 0; k < 4; k++) {
                    first = elements(v, k).fma(FloatVector.fromArray(QF, x, xi + 8 * k), first);
                    second = elements(v, k + 4).fma(FloatVector.fromArray(QF, x, xi + 32 + 8 * k), second);
                }
            }
            acc = first.fma(FloatVector.broadcast(QF, scale(2 * pair)), acc);
            acc = second.fma(FloatVector.broadcast(QF, scale(2 * pair + 1)), acc);
        }
        sum += Vectors.sum(acc);
        for (int i = head + pairs * PAIR; i < n; i++) sum += get(offset + i) * x[xOffset + i];
        return sum;
    }
}
