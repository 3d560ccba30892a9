package dev.hanlm.train.ptune;

import dev.hanlm.engine.kernels.Gemm;

/** PyTorch's nn.Linear on row-major float arrays: {@code y = x W^T + b}, W stored [out][in] in the parameter array. */
final class Linear {
    private Linear() {}

    /** y (n x out) = x (n x in) W^T + b. */
    static void forward(float[] p, int weight, int bias, float[] x, int n, int in, int out, float[] y) {
        for (int t = 0; t < n; t++) System.arraycopy(p, bias, y, t * out, out);
        Gemm.multiply(false, true, n, out, in, x, 0, in, p, weight, in, y, 0, out, true);
    }

    /** Adds dy W into dx, dy^T x into the weight's gradient and the column sums of dy into the bias's. */
    static void backward(float[] p, float[] grads, int weight, int bias, float[] x, float[] dy, int n, int in, int out,
                         float[] dx) {
        Gemm.multiply(false, false, n, in, out, dy, 0, out, p, weight, in, dx, 0, in, true);
        Gemm.multiply(true, false, out, in, n, dy, 0, out, x, 0, in, grads, weight, in, true);
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < out; j++) grads[bias + j] += dy[t * out + j];
        }
    }
}
