package dev.hanlm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.engine.grad.Gpt2Shape;
import dev.hanlm.engine.grad.Gpt2Weights;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdamWTest {
    private static final Gpt2Shape SHAPE = new Gpt2Shape(17, 8, 2, 3, 12);

    /** PyTorch's AdamW as its documentation writes it, in double: decay first, then the bias-corrected Adam step. */
    private static void referenceStep(double[] w, double[] m, double[] v, float[] g, boolean[] decayed, int t, double lr,
                                      double b1, double b2, double eps, double wd) {
        for (int i = 0; i < w.length; i++) {
            if (decayed[i]) w[i] *= 1 - lr * wd;
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
            w[i] -= lr / (1 - Math.pow(b1, t)) * m[i] / denom;
        }
    }

    @Test
    void matchesPyTorchsAlgorithmAndSparesBiasesAndNorms() {
        Gpt2Weights weights = Gpt2Weights.initialize(SHAPE, 3);
        int n = weights.values().length;
        double[] w = new double[n], m = new double[n], v = new double[n];
        for (int i = 0; i < n; i++) w[i] = weights.values()[i];
        boolean[] decayed = new boolean[n];
        for (Gpt2Weights.Parameter p : weights.parameters()) {
            for (int i = p.offset(); i < p.offset() + p.size(); i++) decayed[i] = p.decayed();
        }
        AdamW adam = new AdamW(weights, 0.9, 0.95, 1e-8, 0.1);
        Gpt2Weights grads = Gpt2Weights.zeros(SHAPE);
        SplittableRandom random = new SplittableRandom(5);
        double[] rates = {1e-3, 3e-3, 2e-3};
        for (int t = 1; t <= rates.length; t++) {
            for (int i = 0; i < n; i++) grads.values()[i] = (float) (random.nextGaussian() * 0.1);
            adam.step(weights, grads, rates[t - 1]);
            referenceStep(w, m, v, grads.values(), decayed, t, rates[t - 1], 0.9, 0.95, 1e-8, 0.1);
        }
        assertEquals(3, adam.steps());
        for (int i = 0; i < n; i++) assertEquals(w[i], weights.values()[i], 1e-6, "parameter " + i);
        // LayerNorm weights start at exactly 1: with a zero gradient they would only move by decay, which they must not get
        assertTrue(weights.parameters().stream().anyMatch(p -> !p.decayed() && p.name().endsWith("ln_1.weight")));
        assertTrue(weights.parameters().stream().anyMatch(p -> p.decayed() && p.name().endsWith("c_attn.weight")));
        assertTrue(weights.parameters().stream().noneMatch(p -> p.decayed() && p.name().endsWith(".bias")));
    }

    @Test
    void clippingScalesTheGradientToTheMaximumNorm() {
        Gpt2Weights grads = Gpt2Weights.zeros(SHAPE);
        float[] g = grads.values();
        double sum = 0;
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) Math.sin(i);
            sum += (double) g[i] * g[i];
        }
        float[] before = g.clone();
        double norm = Gradients.clipGlobalNorm(grads, 1.0);
        assertEquals(Math.sqrt(sum), norm, 1e-6 * norm);
        double after = 0;
        for (float x : g) after += (double) x * x;
        assertEquals(1.0, Math.sqrt(after), 1e-5);
        assertEquals(before[7] / norm, g[7], 1e-6);
        // below the threshold nothing changes
        float[] small = g.clone();
        Gradients.clipGlobalNorm(grads, 10.0);
        assertEquals(small[7], g[7]);
    }
}
