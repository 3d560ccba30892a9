package dev.hanlm.engine.kernels;

import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.S2I;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/** bfloat16: the top 16 bits of an f32, so decoding is a 16-bit shift. */
public final class BF16Tensor extends Tensor {
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    static final VectorSpecies<Short> S16 = VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
    static final VectorSpecies<Integer> I32 = F.withLanes(int.class);

    private final MemorySegment data;

    BF16Tensor(MemorySegment data, long size) {
        super(size);
        this.data = data;
    }

    @Override
    MemorySegment elements() {
        return data;
    }

    @Override
    public DType dtype() {
        return DType.BF16;
    }

    @Override
    public long byteSize() {
        return size() * 2;
    }

    @Override
    public float get(long index) {
        return Float.intBitsToFloat(data.get(SHORT, index * 2) << 16);
    }

    /** Elements {@code index ..} as a float vector. */
    private FloatVector load(long index) {
        ShortVector bits = ShortVector.fromMemorySegment(S16, data, index * 2, LE);
        return ((IntVector) bits.convertShape(S2I, I32, 0)).lanewise(LSHL, 16).reinterpretAsFloats();
    }

    @Override
    public void toFloats(long offset, float[] dst, int dstOffset, int n) {
        int i = 0;
        for (int bound = n - F.length(); i <= bound; i += F.length()) load(offset + i).intoArray(dst, dstOffset + i);
        for (; i < n; i++) dst[dstOffset + i] = get(offset + i);
    }

    @Override
    public float dot(long offset, float[] x, int xOffset, int n) {
        int L = F.length();
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
            long o = offset + i;
            s0 = load(o).fma(FloatVector.fromArray(F, x, xOffset + i), s0);
            s1 = load(o + L).fma(FloatVector.fromArray(F, x, xOffset + i + L), s1);
            s2 = load(o + 2L * L).fma(FloatVector.fromArray(F, x, xOffset + i + 2 * L), s2);
            s3 = load(o + 3L * L).fma(FloatVector.fromArray(F, x, xOffset + i + 3 * L), s3);
        }
        for (int bound = n - L; i <= bound; i += L) s0 = load(offset + i).fma(FloatVector.fromArray(F, x, xOffset + i), s0);
        float sum = Vectors.sum(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) sum += get(offset + i) * x[xOffset + i];
        return sum;
    }

    @Override
    public void dots(long offset, int n, float[] x, int count, float[] out, int outOffset, int outStride, float[] scratch) {
        decodedDots(offset, n, x, count, out, outOffset, outStride, scratch);
    }
}
