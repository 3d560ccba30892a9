package dev.hanlm.engine.grad;

import dev.hanlm.engine.kernels.Parallel;
import dev.hanlm.engine.kernels.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/** Llama's RMSNorm over rows of {@code dim}: {@code x * rstd * weight}, rstd = 1 / sqrt(mean(x^2) + eps). */
final class RmsNorm {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private RmsNorm() {}

    /** As {@code Ops.rmsNorm}, operation for operation, keeping each row's rstd for backward. */
    static void forward(float[] out, float[] rstd, float[] x, float[] weight, int n, int dim, float eps) {
        Parallel.forRange(n, (from, to) -> {
            for (int t = from; t < to; t++) {
                int o = t * dim;
                float ss = Vectors.dot(x, o, x, o, dim);
                float r = (float) (1.0 / Math.sqrt(ss / dim + eps));
                rstd[t] = r;
                for (int i = 0; i < dim; i += L) {
                    VectorMask<Float> m = F.indexInRange(i, dim);
                    FloatVector.fromArray(F, x, o + i, m).mul(r).mul(FloatVector.fromArray(F, weight, i, m)).intoArray(out, o + i, m);
                }
            }
        });
    }

    /** dx += rstd * (dnorm - norm * mean(dnorm * norm)) per row, with norm = x * rstd and dnorm = dout * weight. */
    static void backward(float[] dx, float[] dout, float[] x, float[] rstd, float[] weight, int n, int dim) {
        Parallel.forRange(n, (from, to) -> {
            for (int t = from; t < to; t++) {
                int o = t * dim;
                FloatVector sum = FloatVector.zero(F);
                for (int i = 0; i < dim; i += L) {
                    VectorMask<Float> m = F.indexInRange(i, dim);
                    FloatVector norm = FloatVector.fromArray(F, x, o + i, m).mul(rstd[t]);
                    FloatVector dnorm = FloatVector.fromArray(F, dout, o + i, m).mul(FloatVector.fromArray(F, weight, i, m));
                    sum = dnorm.fma(norm, sum);
                }
                FloatVector mean = FloatVector.broadcast(F, Vectors.sum(sum) / dim);
                for (int i = 0; i < dim; i += L) {
                    VectorMask<Float> m = F.indexInRange(i, dim);
                    FloatVector norm = FloatVector.fromArray(F, x, o + i, m).mul(rstd[t]);
                    FloatVector dnorm = FloatVector.fromArray(F, dout, o + i, m).mul(FloatVector.fromArray(F, weight, i, m));
                    dnorm.sub(norm.mul(mean)).mul(rstd[t]).add(FloatVector.fromArray(F, dx, o + i, m)).intoArray(dx, o + i, m);
                }
            }
        });
    }
}
