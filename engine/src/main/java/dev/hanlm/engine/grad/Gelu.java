package dev.hanlm.engine.grad;

import dev.hanlm.engine.kernels.Ops;
import dev.hanlm.engine.kernels.Parallel;
import dev.hanlm.engine.kernels.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/** GELU, tanh approximation (HF's gelu_new), element-wise. */
final class Gelu {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final float SCALE = (float) Math.sqrt(2.0 / Math.PI);

    private Gelu() {}

    static void forward(float[] out, float[] x, int n) {
        Ops.geluTanh(out, x, n);
    }

    /**
     * dx = dout * GELU'(x), written (dx may be dout): with u = s (x + 0.044715 x^3),
     * GELU'(x) = 0.5 (1 + tanh u) + 0.5 x (1 - tanh^2 u) s (1 + 3 * 0.044715 x^2).
     */
    static void backward(float[] dx, float[] x, float[] dout, int n) {
        Parallel.forRange(Math.ceilDiv(n, L), (from, to) -> {
            int i = from * L, end = Math.min(n, to * L);
            // whole vectors unmasked (a masked store is slow on AVX2), the last partial one masked
            for (; i + L <= end; i += L) {
                derivative(FloatVector.fromArray(F, x, i)).mul(FloatVector.fromArray(F, dout, i)).intoArray(dx, i);
            }
            if (i < end) {
                VectorMask<Float> m = F.indexInRange(i, end);
                derivative(FloatVector.fromArray(F, x, i, m)).mul(FloatVector.fromArray(F, dout, i, m)).intoArray(dx, i, m);
            }
        });
    }

    private static FloatVector derivative(FloatVector v) {
        FloatVector v2 = v.mul(v);
        FloatVector tanh = Vectors.tanh(v2.mul(0.044715f).mul(v).add(v).mul(SCALE));
        FloatVector sech2 = tanh.mul(tanh).neg().add(1f);
        FloatVector slope = v2.mul(3f * 0.044715f).add(1f).mul(SCALE).mul(sech2).mul(v);
        return tanh.add(1f).add(slope).mul(0.5f);
    }
}
