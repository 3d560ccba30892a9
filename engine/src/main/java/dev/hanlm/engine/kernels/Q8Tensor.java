package dev.hanlm.engine.kernels;

import static dev.hanlm.engine.kernels.DType.BLOCK;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * 8-bit block quantization (llama.cpp's Q8_0): each run of 32 elements is {@code scale * q} with one f16 scale and
 * 32 signed bytes. Blocks run over the flattened tensor, so a row whose length is not a multiple of 32 shares a block
 * with the next; the fast paths handle the unaligned ends with the scalar reference.
 * <p>
 * The bytes of a block are interleaved for the vector decoder: read as eight little-endian ints, byte {@code k} of
 * int {@code i} holds element {@code 8k + i}, so one shift pair per byte position yields eight consecutive elements as
 * int lanes (sign-extending bytes to floats directly costs about twice as much).
 */
public final class Q8Tensor extends Tensor {
    /** At most 256-bit vectors: eight int lanes span a block; 128-bit machines take two loads per block. */
    static final VectorSpecies<Float> QF = F.vectorBitSize() >= 256 ? FloatVector.SPECIES_256 : F;
    static final VectorSpecies<Integer> QI = VectorSpecies.of(int.class, VectorShape.forBitSize(QF.vectorBitSize()));
    static final int QL = QF.length();

    private final MemorySegment quants;
    private final MemorySegment scales;

    private Q8Tensor(MemorySegment quants, MemorySegment scales, long size) {
        super(size);
        this.quants = quants;
        this.scales = scales;
    }

    /** Quantizes {@code m} (read in its logical row-major order) into memory owned by {@code arena}. */
    public static Q8Tensor quantize(Matrix m, Arena arena) {
        long size = (long) m.rows() * m.cols();
        long blocks = Math.ceilDiv(size, BLOCK);
        MemorySegment quants = arena.allocate(blocks * BLOCK, 64);
        MemorySegment scales = arena.allocate(blocks * 2, 2);
        m.forEachBlock((b, v, o) -> {
            byte[] q = new byte[BLOCK], interleaved = new byte[BLOCK];
            scales.set(BF16Tensor.SHORT, b * 2, quantizeBlock(v, o, q));
            for (int j = 0; j < BLOCK; j++) interleaved[4 * (j % 8) + j / 8] = q[j];
            MemorySegment.copy(interleaved, 0, quants, ValueLayout.JAVA_BYTE, b * BLOCK, BLOCK);
        });
        return new Q8Tensor(quants, scales, size);
    }

    /**
     * Rounds {@code v[o .. o + 32)} as llama.cpp's Q8_0 does: into {@code q} (in element order) and the returned f16
     * scale (the bits), so that element j is {@code scale * q[j]}.
     */
    static short quantizeBlock(float[] v, int o, byte[] q) {
        float amax = 0;
        for (int j = 0; j < BLOCK; j++) amax = Math.max(amax, Math.abs(v[o + j]));
        float d = amax / 127f;
        float id = d != 0 ? 1f / d : 0f;
        for (int j = 0; j < BLOCK; j++) q[j] = (byte) Math.round(v[o + j] * id);
        return Float.floatToFloat16(d);
    }

    /** Where element {@code index} lives: block start + 4 * (j % 8) + j / 8 for j its place in the block. */
    private static long byteOf(long index) {
        int j = (int) (index % BLOCK);
        return index - j + 4 * (j % 8) + j / 8;
    }

    @Override
    public DType dtype() {
        return DType.Q8_0;
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
        return scale(index / BLOCK) * quants.get(ValueLayout.JAVA_BYTE, byteOf(index));
    }

    /**
     * Byte k of each int lane of {@code v}, sign-extended, as floats: elements {@code 8k + h ..} (QL of them) of the
     * block whose ints {@code h ..} are in {@code v}, or one input of eight rows of a {@link Q8Panels} chunk.
     */
    static FloatVector elements(IntVector v, int k) {
        return (FloatVector) v.lanewise(LSHL, 24 - 8 * k).lanewise(ASHR, 24).convert(I2F, 0);
    }

    @Override
    public void toFloats(long offset, float[] dst, int dstOffset, int n) {
        int head = Math.min(n, Math.floorMod(-offset, BLOCK)), blocks = (n - head) / BLOCK;
        for (int k = 0; k < head; k++) dst[dstOffset + k] = get(offset + k);
        long first = (offset + head) / BLOCK;
        // a counted loop over whole blocks: C2 then hoists the bounds checks and polls for safepoints less often
        for (int b = 0; b < blocks; b++) {
            long block = first + b;
            int at = dstOffset + head + b * BLOCK;
            float scale = scale(block);
            for (int h = 0; h < 8; h += QL) {
                IntVector v = IntVector.fromMemorySegment(QI, quants, block * BLOCK + 4L * h, LE);
                for (int k = 0; k < 4; k++) elements(v, k).mul(scale).intoArray(dst, at + 8 * k + h);
            }
        }
        for (int i = head + blocks * BLOCK; i < n; i++) dst[dstOffset + i] = get(offset + i);
    }

    @Override
    public float dot(long offset, float[] x, int xOffset, int n) {
        int head = Math.min(n, Math.floorMod(-offset, BLOCK)), blocks = (n - head) / BLOCK;
        float sum = 0;
        for (int k = 0; k < head; k++) sum += get(offset + k) * x[xOffset + k];
        FloatVector acc = FloatVector.zero(QF);
        long first = (offset + head) / BLOCK;
        for (int b = 0; b < blocks; b++) {
            long block = first + b;
            FloatVector even = FloatVector.zero(QF), odd = even;
            for (int h = 0; h < 8; h += QL) {
                IntVector v = IntVector.fromMemorySegment(QI, quants, block * BLOCK + 4L * h, LE);
                int xi = xOffset + head + b * BLOCK + h;
                even = elements(v, 0).fma(FloatVector.fromArray(QF, x, xi), even);
                odd = elements(v, 1).fma(FloatVector.fromArray(QF, x, xi + 8), odd);
                even = elements(v, 2).fma(FloatVector.fromArray(QF, x, xi + 16), even);
                odd = elements(v, 3).fma(FloatVector.fromArray(QF, x, xi + 24), odd);
            }
            acc = even.add(odd).fma(FloatVector.broadcast(QF, scale(block)), acc);
        }
        sum += Vectors.sum(acc);
        for (int i = head + blocks * BLOCK; i < n; i++) sum += get(offset + i) * x[xOffset + i];
        return sum;
    }
}
