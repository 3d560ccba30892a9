package dev.hanlm.engine.kernels;


import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;

/** 32-bit floats, little-endian, at any byte alignment (safetensors does not align its tensors). */
public final class F32Tensor extends Tensor {
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);

    private final MemorySegment data;

    F32Tensor(MemorySegment data, long size) {
        super(size);
        this.data = data;
    }

    @Override
    MemorySegment elements() {
        return data;
    }

    @Override
    public DType dtype() {
        return DType.F32;
    }

    @Override
    public long byteSize() {
        return size() * Float.BYTES;
    }

    @Override
    public float get(long index) {
        return data.get(FLOAT, index * Float.BYTES);
    }

    @Override
    public void toFloats(long offset, float[] dst, int dstOffset, int n) {
        MemorySegment.copy(data, FLOAT, offset * Float.BYTES, dst, dstOffset, n);
    }

    @Override
    public float dot(long offset, float[] x, int xOffset, int n) {
        int L = F.length();
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        long base = offset * Float.BYTES;
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
            long b = base + (long) i * Float.BYTES;
            s0 = FloatVector.fromMemorySegment(F, data, b, LE).fma(FloatVector.fromArray(F, x, xOffset + i), s0);
            s1 = FloatVector.fromMemorySegment(F, data, b + L * 4L, LE).fma(FloatVector.fromArray(F, x, xOffset + i + L), s1);
            s2 = FloatVector.fromMemorySegment(F, data, b + L * 8L, LE).fma(FloatVector.fromArray(F, x, xOffset + i + 2 * L), s2);
            s3 = FloatVector.fromMemorySegment(F, data, b + L * 12L, LE).fma(FloatVector.fromArray(F, x, xOffset + i + 3 * L), s3);
        }
        for (int bound = n - L; i <= bound; i += L) {
            s0 = FloatVector.fromMemorySegment(F, data, base + (long) i * Float.BYTES, LE).fma(FloatVector.fromArray(F, x, xOffset + i), s0);
        }
        float sum = Vectors.sum(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) sum += get(offset + i) * x[xOffset + i];
        return sum;
    }

    @Override
    void panels4(long offset, long stride, int kc, float[] x, int xo, float[] acc, int ao, float[] scratch) {
        PanelProducts.acrossF32(data, offset, stride, kc, x, xo, acc, ao);
    }

    @Override
    public void dots(long offset, int n, float[] x, int count, float[] out, int outOffset, int outStride, float[] scratch) {
        decodedDots(offset, n, x, count, out, outOffset, outStride, scratch);
    }
}
