package dev.hanlm.engine.grad;

import dev.hanlm.engine.kernels.Ops;
import dev.hanlm.engine.kernels.Parallel;
import dev.hanlm.engine.kernels.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/** LayerNorm over rows of {@code dim}, with its weight and bias at offsets of the parameter array. */
final class LayerNorm {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private LayerNorm() {}

    /** out = (x - mean) * rstd * weight + bias per row, keeping each row's mean and rstd for backward. */
    static void forward(float[] out, float[] mean, float[] rstd, float[] x, float[] p, int weight, int bias, int n, int dim) {
        Ops.layerNorm(out, x, n, dim, p, weight, p, bias, Gpt2Shape.NORM_EPS, mean, rstd);
    }

    /**
     * dx += rstd * (dnorm - mean(dnorm) - norm * mean(dnorm * norm)) with dnorm = dout * weight, per row; the
     * weight's and bias's gradients are added into {@code grads} (unless it is null), each column summing its rows in
     * order.
     */
    static void backward(float[] dx, float[] grads, float[] dout, float[] x, float[] mean, float[] rstd, float[] p,
                         int weight, int bias, int n, int dim) {
        Parallel.forRange(n, (from, to) -> {
            for (int t = from; t < to; t++) {
                int o = t * dim;
                FloatVector mu = FloatVector.broadcast(F, mean[t]), sumD = FloatVector.zero(F), sumDN = sumD;
                for (int i = 0; i < dim; i += L) {
                    VectorMask<Float> m = F.indexInRange(i, dim);
                    FloatVector norm = FloatVector.fromArray(F, x, o + i, m).sub(mu).mul(rstd[t]);
                    FloatVector dnorm = FloatVector.fromArray(F, dout, o + i, m).mul(FloatVector.fromArray(F, p, weight + i, m));
                    sumD = sumD.add(dnorm);
                    sumDN = dnorm.fma(norm, sumDN);
                }
                FloatVector meanD = FloatVector.broadcast(F, Vectors.sum(sumD) / dim);
                FloatVector meanDN = FloatVector.broadcast(F, Vectors.sum(sumDN) / dim);
                for (int i = 0; i < dim; i += L) {
                    VectorMask<Float> m = F.indexInRange(i, dim);
                    FloatVector norm = FloatVector.fromArray(F, x, o + i, m).sub(mu).mul(rstd[t]);
                    FloatVector dnorm = FloatVector.fromArray(F, dout, o + i, m).mul(FloatVector.fromArray(F, p, weight + i, m));
                    dnorm.sub(meanD).sub(norm.mul(meanDN)).mul(rstd[t])
                            .add(FloatVector.fromArray(F, dx, o + i, m)).intoArray(dx, o + i, m);
                }
            }
        });
        if (grads == null) return;
        Parallel.forRange(Math.ceilDiv(dim, L), (from, to) -> {
            for (int i = from * L; i < Math.min(dim, to * L); i += L) {
                VectorMask<Float> m = F.indexInRange(i, dim);
                FloatVector dw = FloatVector.fromArray(F, grads, weight + i, m), db = FloatVector.fromArray(F, grads, bias + i, m);
                for (int t = 0; t < n; t++) {
                    FloatVector d = FloatVector.fromArray(F, dout, t * dim + i, m);
                    FloatVector norm = FloatVector.fromArray(F, x, t * dim + i, m).sub(mean[t]).mul(rstd[t]);
                    dw = norm.fma(d, dw);
                    db = db.add(d);
                }
                dw.intoArray(grads, weight + i, m);
                db.intoArray(grads, bias + i, m);
            }
        });
    }
}
