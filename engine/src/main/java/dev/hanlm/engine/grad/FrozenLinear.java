package dev.hanlm.engine.grad;

import dev.hanlm.engine.kernels.Gemm;

/** A frozen {@code nn.Linear} without bias, weight stored [out][in]: {@code out[t][j] = sum_i x[t][i] W[j][i]}. */
final class FrozenLinear {
    private FrozenLinear() {}

    static void forward(float[] out, float[] x, float[] weight, int n, int in, int outDim) {
        Gemm.multiply(false, true, n, outDim, in, x, 0, in, weight, 0, in, out, 0, outDim, false);
    }

    /** dx = dout W, written, or added when {@code accumulate} (inputs that feed several layers). */
    static void backward(float[] dx, float[] dout, float[] weight, int n, int in, int outDim, boolean accumulate) {
        Gemm.multiply(false, false, n, in, outDim, dout, 0, outDim, weight, 0, in, dx, 0, in, accumulate);
    }
}
