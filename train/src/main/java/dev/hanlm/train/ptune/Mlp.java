package dev.hanlm.train.ptune;

/**
 * Linear(in -> width) -> ReLU -> Linear(width -> out) over n rows; forward keeps its input and the ReLU's output
 * for backward.
 */
final class Mlp {
    private final int weight0, bias0, weight2, bias2, in, width, out;
    private float[] x, relu;
    private int n;

    Mlp(int weight0, int bias0, int weight2, int bias2, int in, int width, int out) {
        this.weight0 = weight0;
        this.bias0 = bias0;
        this.weight2 = weight2;
        this.bias2 = bias2;
        this.in = in;
        this.width = width;
        this.out = out;
    }

    /** The n x out output for the n x in input {@code x}. */
    float[] forward(float[] p, float[] x, int n) {
        this.x = x;
        this.n = n;
        relu = new float[n * width];
        Linear.forward(p, weight0, bias0, x, n, in, width, relu);
        for (int i = 0; i < relu.length; i++) relu[i] = Math.max(0f, relu[i]);
        float[] y = new float[n * out];
        Linear.forward(p, weight2, bias2, relu, n, width, out, y);
        return y;
    }

    /** Adds the parameters' gradients into grads and returns d(loss)/d(input), given d(loss)/d(output). */
    float[] backward(float[] p, float[] grads, float[] dy) {
        float[] dRelu = new float[n * width], dx = new float[n * in];
        Linear.backward(p, grads, weight2, bias2, relu, dy, n, width, out, dRelu);
        // the ReLU's output is positive exactly where its input was
        for (int i = 0; i < dRelu.length; i++) if (relu[i] <= 0f) dRelu[i] = 0f;
        Linear.backward(p, grads, weight0, bias0, x, dRelu, n, in, width, dx);
        return dx;
    }
}
