package dev.hanlm.engine.kernels;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.S2I;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;

/**
 * IEEE half precision. The Vector API has no f16 conversion, so {@link #load} moves the exponent and mantissa into f32
 * position and rescales by 2^112 (exact for normal and subnormal halves), then restores infinities and NaNs with
 * integer arithmetic (a compare and blend there costs three times as much).
 */
public final class F16Tensor extends Tensor {
    private static final float REBIAS = 0x1p112f;

    private final MemorySegment data;

    F16Tensor(MemorySegment data, long size) {
        super(size);
        this.data = data;
    }

    @Override
    MemorySegment elements() {
        return data;
    }

    @Override
    public DType dtype() {
        return DType.F16;
    }

    @Override
    public long byteSize() {
        return size() * 2;
    }

    @Override
    public float get(long index) {
        return Float.float16ToFloat(data.get(BF16Tensor.SHORT, index * 2));
    }

    private FloatVector load(long index) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(BF16Tensor.S16, data, index * 2, LE).convertShape(S2I, BF16Tensor.I32, 0);
        IntVector magnitude = h.and(0x7FFF).lanewise(LSHL, 13).reinterpretAsFloats().mul(REBIAS).reinterpretAsInts();
        // exponent 31 (infinity, NaN) carries into bit 15: then widen the rebased exponent to all ones
        IntVector infNan = h.and(0x7C00).add(0x0400).lanewise(LSHL, 16).lanewise(ASHR, 31).and(0x3800_0000);
        return magnitude.or(infNan).or(h.lanewise(LSHL, 16).and(0x8000_0000)).reinterpretAsFloats();
    }

    @Override
    public void toFloats(long offset, float[] dst, int dstOffset, int n) {
        int i = 0;
        for (int bound = n - F.length(); i <= bound; i += F.length()) load(offset + i).intoArray(dst, dstOffset + i);
        for (; i < n; i++) dst[dstOffset + i] = get(offset + i);
    }

    @Override
    public float dot(long offset, float[] x, int xOffset, int n) {
        // two accumulators, not four: the conversion is long, and more inlined copies of it defeat C2's inlining
        int L = F.length();
        FloatVector s0 = FloatVector.zero(F), s1 = s0;
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            s0 = load(offset + i).fma(FloatVector.fromArray(F, x, xOffset + i), s0);
            s1 = load(offset + i + L).fma(FloatVector.fromArray(F, x, xOffset + i + L), s1);
        }
        float sum = Vectors.sum(s0.add(s1));
        for (; i < n; i++) sum += get(offset + i) * x[xOffset + i];
        return sum;
    }
}
