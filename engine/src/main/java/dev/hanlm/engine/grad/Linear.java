package dev.hanlm.engine.grad;

import dev.hanlm.engine.kernels.Gemm;
import dev.hanlm.engine.kernels.Parallel;
import dev.hanlm.engine.kernels.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/** HF's Conv1D: {@code out[t][j] = bias[j] + sum_i x[t][i] W[i][j]}, W stored [in, out] in the parameter array. */
final class Linear {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private Linear() {}

    static void forward(float[] out, float[] x, float[] p, int weight, int bias, int n, int in, int outDim) {
        Gemm.multiply(false, false, n, outDim, in, x, 0, in, p, weight, outDim, out, 0, outDim, false);
        Parallel.forRange(n, (from, to) -> {
            for (int t = from; t < to; t++) Vectors.add(p, bias, out, t * outDim, outDim);
        });
    }

    /**
     * dx = dout W^T (written); dW += x^T dout and dbias += the column sums of dout (added into grads, unless it is
     * null: a frozen layer).
     */
    static void backward(float[] dx, float[] grads, float[] dout, float[] x, float[] p, int weight, int bias, int n,
                         int in, int outDim) {
        Gemm.multiply(false, true, n, in, outDim, dout, 0, outDim, p, weight, outDim, dx, 0, in, false);
        if (grads == null) return;
        Gemm.multiply(true, false, in, outDim, n, x, 0, in, dout, 0, outDim, grads, weight, outDim, true);
        addColumnSums(grads, bias, dout, n, outDim);
    }

    /** dst[offset + j] += sum over rows t (in order) of src[t * dim + j]. */
    static void addColumnSums(float[] dst, int offset, float[] src, int n, int dim) {
        Parallel.forRange(Math.ceilDiv(dim, L), (from, to) -> {
            for (int j = from * L; j < Math.min(dim, to * L); j += L) {
                VectorMask<Float> m = F.indexInRange(j, dim);
                FloatVector sum = FloatVector.fromArray(F, dst, offset + j, m);
                for (int t = 0; t < n; t++) sum = sum.add(FloatVector.fromArray(F, src, t * dim + j, m));
                sum.intoArray(dst, offset + j, m);
            }
        });
    }
}
