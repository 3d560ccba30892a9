package dev.hanlm.engine.grad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Each layer's backward equals central finite differences of its forward, for f = sum(out * r) with a fixed random
 * r (so backward runs with dout = r), at awkward sizes: width 12 (not a multiple of the vector length), 3 heads,
 * 5 positions, 17 logits. Forwards run in float and f is summed in double; steps of 1e-2 keep the rounding noise of
 * f well below the tolerances.
 */
class LayerGradientTest {
    private static final int ROWS = 5, DIM = 12, HEADS = 3, VOCAB = 17;
    private static final float H = 1e-2f;
    private final Random random = new Random(3);

    @Test
    void layerNorm() {
        float[] x = gaussian(ROWS * DIM, 1.5f), p = gaussian(2 * DIM, 0.5f), r = gaussian(ROWS * DIM, 1f);
        for (int i = 0; i < DIM; i++) p[i] += 1f;
        float[] out = new float[ROWS * DIM], mean = new float[ROWS], rstd = new float[ROWS];
        float[] dx = gaussian(ROWS * DIM, 1f), dx0 = dx.clone(), grads = new float[2 * DIM];
        LayerNorm.forward(out, mean, rstd, x, p, 0, DIM, ROWS, DIM);
        LayerNorm.backward(dx, grads, r, x, mean, rstd, p, 0, DIM, ROWS, DIM);
        for (int i = 0; i < dx.length; i++) dx[i] -= dx0[i]; // backward adds into dx
        var f = (java.util.function.DoubleSupplier) () -> {
            LayerNorm.forward(out, mean, rstd, x, p, 0, DIM, ROWS, DIM);
            return dot(out, r);
        };
        FiniteDifferences.check("dx", x, 0, FiniteDifferences.all(x.length), dx, 0, f, H, 2e-3, 1e-2);
        FiniteDifferences.check("dweight,dbias", p, 0, FiniteDifferences.all(p.length), grads, 0, f, H, 2e-3, 1e-2);
    }

    @Test
    void linear() {
        int in = DIM, outDim = 2 * DIM + 1, weight = 3, bias = weight + in * outDim;
        float[] x = gaussian(ROWS * in, 1f), p = gaussian(bias + outDim, 0.5f), r = gaussian(ROWS * outDim, 1f);
        float[] out = new float[ROWS * outDim], dx = new float[ROWS * in], grads = gaussian(p.length, 1f), g0 = grads.clone();
        Linear.forward(out, x, p, weight, bias, ROWS, in, outDim);
        Linear.backward(dx, grads, r, x, p, weight, bias, ROWS, in, outDim);
        for (int i = 0; i < grads.length; i++) grads[i] -= g0[i];
        var f = (java.util.function.DoubleSupplier) () -> {
            Linear.forward(out, x, p, weight, bias, ROWS, in, outDim);
            return dot(out, r);
        };
        FiniteDifferences.check("dx", x, 0, FiniteDifferences.all(x.length), dx, 0, f, H, 1e-3, 1e-3);
        FiniteDifferences.check("dW,db", p, weight, FiniteDifferences.all(p.length - weight), grads, weight, f, H, 1e-3, 1e-3);
        for (int i = 0; i < weight; i++) assertEquals(0f, grads[i], "outside the layer's parameters");
    }

    @Test
    void gelu() {
        float[] x = gaussian(ROWS * DIM, 2f), r = gaussian(ROWS * DIM, 1f), out = new float[x.length], dx = new float[x.length];
        Gelu.forward(out, x, x.length);
        Gelu.backward(dx, x, r, x.length);
        FiniteDifferences.check("dx", x, 0, FiniteDifferences.all(x.length), dx, 0, () -> {
            Gelu.forward(out, x, x.length);
            return dot(out, r);
        }, 1e-3f, 1e-3, 1e-3);
    }

    @Test
    void attention() {
        attention(Dropout.NONE);
    }

    @Test
    void attentionWithDropout() {
        attention(new Dropout(0.3f, 9));
    }

    private void attention(Dropout dropout) {
        int batch = 2, seqLen = ROWS;
        float[] qkv = gaussian(batch * seqLen * 3 * DIM, 1f), r = gaussian(batch * seqLen * DIM, 1f);
        float[] out = new float[batch * seqLen * DIM], att = new float[batch * HEADS * seqLen * seqLen];
        float[] dqkv = gaussian(qkv.length, 1f);
        CausalSelfAttention.forward(out, att, qkv, batch, seqLen, HEADS, DIM, dropout, 4);
        CausalSelfAttention.backward(dqkv, r, qkv, att, batch, seqLen, HEADS, DIM, dropout, 4);
        FiniteDifferences.check("dqkv", qkv, 0, FiniteDifferences.all(qkv.length), dqkv, 0, () -> {
            CausalSelfAttention.forward(out, att, qkv, batch, seqLen, HEADS, DIM, dropout, 4);
            return dot(out, r);
        }, H, 2e-3, 1e-2);
    }

    /**
     * 150 positions: three blocks of the products' rows (64, 64, 22), each reaching a different number of keys. The
     * output against a direct double-precision softmax attention, and dqkv at 80 places against finite differences.
     */
    @Test
    void attentionOverSeveralRowBlocks() {
        int seqLen = 150, hd = DIM / HEADS, stride = 3 * DIM;
        float[] qkv = gaussian(seqLen * stride, 1f), r = gaussian(seqLen * DIM, 1f);
        float[] out = new float[seqLen * DIM], att = gaussian(HEADS * seqLen * seqLen, 1f), dqkv = gaussian(qkv.length, 1f);
        CausalSelfAttention.forward(out, att, qkv, 1, seqLen, HEADS, DIM, Dropout.NONE, 4);
        for (int h = 0; h < HEADS; h++) {
            for (int t = 0; t < seqLen; t++) {
                double[] w = new double[t + 1];
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int u = 0; u <= t; u++) {
                    for (int i = 0; i < hd; i++) w[u] += (double) qkv[t * stride + h * hd + i] * qkv[u * stride + DIM + h * hd + i];
                    w[u] /= Math.sqrt(hd);
                    max = Math.max(max, w[u]);
                }
                for (int u = 0; u <= t; u++) sum += w[u] = Math.exp(w[u] - max);
                for (int i = 0; i < hd; i++) {
                    double expected = 0;
                    for (int u = 0; u <= t; u++) expected += w[u] / sum * qkv[u * stride + 2 * DIM + h * hd + i];
                    assertEquals(expected, out[t * DIM + h * hd + i], 1e-5, "head " + h + ", position " + t);
                }
            }
        }
        CausalSelfAttention.backward(dqkv, r, qkv, att, 1, seqLen, HEADS, DIM, Dropout.NONE, 4);
        int[] places = random.ints(80, 0, qkv.length).toArray();
        FiniteDifferences.check("dqkv", qkv, 0, places, dqkv, 0, () -> {
            CausalSelfAttention.forward(out, att, qkv, 1, seqLen, HEADS, DIM, Dropout.NONE, 4);
            return dot(out, r);
        }, H, 2e-3, 1e-2);
    }

    @Test
    void crossEntropyWithIgnoredTargets() {
        int[] targets = {3, -1, 16, 0, -1};
        float[] logits = gaussian(ROWS * VOCAB, 2f), lse = new float[ROWS], dlogits = new float[logits.length];
        CrossEntropy.forward(lse, logits, targets, ROWS, VOCAB);
        CrossEntropy.backward(dlogits, logits, lse, targets, ROWS, VOCAB, 1f / 3);
        FiniteDifferences.check("dlogits", logits, 0, FiniteDifferences.all(logits.length), dlogits, 0,
                () -> CrossEntropy.forward(lse, logits, targets, ROWS, VOCAB), H, 1e-4, 1e-2);
    }

    @Test
    void embeddingAndTiedHead() {
        int seqLen = ROWS, batch = 2, wte = 2, wpe = wte + VOCAB * DIM;
        int[] tokens = {1, 5, 5, 16, 0, 5, 2, 1, 9, 9};
        float[] p = gaussian(wpe + seqLen * DIM, 1f), r = gaussian(batch * seqLen * VOCAB, 1f);
        float[] x = new float[batch * seqLen * DIM], logits = new float[batch * seqLen * VOCAB];
        float[] grads = gaussian(p.length, 1f), g0 = grads.clone(), dx = new float[x.length];
        // f = sum(head(embedding) * r), differentiated through both layers, added into grads
        Embedding.forward(x, tokens, p, wte, wpe, seqLen, DIM);
        TiedHead.forward(logits, x, p, wte, batch * seqLen, DIM, VOCAB);
        TiedHead.backward(dx, grads, r, x, p, wte, batch * seqLen, DIM, VOCAB, new float[DIM * VOCAB]);
        Embedding.backward(grads, wte, wpe, dx, tokens, seqLen, DIM);
        for (int i = 0; i < grads.length; i++) grads[i] -= g0[i];
        FiniteDifferences.check("dwte,dwpe", p, wte, FiniteDifferences.all(p.length - wte), grads, wte, () -> {
            Embedding.forward(x, tokens, p, wte, wpe, seqLen, DIM);
            TiedHead.forward(logits, x, p, wte, batch * seqLen, DIM, VOCAB);
            return dot(logits, r);
        }, H, 2e-3, 1e-3);
    }

    @Test
    void tiedHeadWeightGradientIsTheSameDirectOrTransposed() {
        int n = 2 * ROWS + 3, wte = 3;
        float[] dlogits = gaussian(n * VOCAB, 1f), x = gaussian(n * DIM, 1f), g0 = gaussian(wte + VOCAB * DIM + 2, 1f);
        for (boolean direct : new boolean[] {true, false}) {
            float[] grads = g0.clone();
            TiedHead.weightGradient(direct, grads, dlogits, x, wte, n, DIM, VOCAB, new float[DIM * VOCAB]);
            for (int i = 0; i < grads.length; i++) {
                int v = (i - wte) / DIM, d = (i - wte) % DIM;
                double expected = g0[i];
                if (i >= wte && v < VOCAB) for (int t = 0; t < n; t++) expected += (double) dlogits[t * VOCAB + v] * x[t * DIM + d];
                assertEquals(expected, grads[i], 1e-4, (direct ? "direct" : "transposed") + " at " + i);
            }
        }
    }

    private float[] gaussian(int n, float std) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (random.nextGaussian() * std);
        return x;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }
}
