package dev.hanlm.engine.grad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** An untrained model is uniform over its vocabulary, and a tiny one learns one repeated batch by heart. */
class TrainingTest {
    @Test
    void untrainedLossIsLogVocab() {
        Gpt2Shape shape = new Gpt2Shape(500, 32, 2, 4, 64);
        Gpt2Weights w = Gpt2Weights.initialize(shape, 1);
        TrainableGpt2 model = new TrainableGpt2(shape, 2, 32);
        Random random = new Random(1);
        float loss = model.forward(w, RandomWeights.ids(random, 64, 500), RandomWeights.ids(random, 64, 500), Dropout.NONE);
        assertEquals(Math.log(500), loss, 0.05);
    }

    @Test
    void initializationIsDeterministicAndScaledAsGpt2() {
        Gpt2Shape shape = new Gpt2Shape(300, 16, 8, 2, 32);
        Gpt2Weights a = Gpt2Weights.initialize(shape, 9), b = Gpt2Weights.initialize(shape, 9);
        assertTrue(java.util.Arrays.equals(a.values(), b.values()));
        for (Gpt2Weights.Parameter p : a.parameters()) {
            double sum = 0, squares = 0;
            for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                sum += a.values()[i];
                squares += (double) a.values()[i] * a.values()[i];
            }
            double mean = sum / p.size(), std = Math.sqrt(squares / p.size() - mean * mean);
            if (p.name().endsWith("c_proj.weight")) {
                assertEquals(0.02 / Math.sqrt(16), std, 0.1 * 0.02 / Math.sqrt(16), p.name());
            } else if (p.shape().length == 2) {
                assertEquals(0.02, std, 0.002, p.name());
            } else {
                assertEquals(p.name().contains("ln_") && p.name().endsWith("weight") ? 1 : 0, mean, 0, p.name());
                assertEquals(0, std, 0, p.name());
            }
            assertEquals(p.shape().length == 2, p.decayed(), p.name());
        }
    }

    @Test
    void overfitsOneBatchWithAdam() {
        Gpt2Shape shape = new Gpt2Shape(32, 16, 2, 2, 32);
        Gpt2Weights w = Gpt2Weights.initialize(shape, 3), grads = Gpt2Weights.zeros(shape);
        TrainableGpt2 model = new TrainableGpt2(shape, 2, 16);
        Random random = new Random(3);
        int[] inputs = RandomWeights.ids(random, 32, 32), targets = RandomWeights.ids(random, 32, 32);
        float[] m = new float[w.values().length], v = new float[m.length];
        float first = Float.NaN, loss = Float.NaN;
        for (int step = 1; step <= 80; step++) {
            loss = model.forward(w, inputs, targets, Dropout.NONE);
            if (step == 1) first = loss;
            java.util.Arrays.fill(grads.values(), 0f);
            model.backward(w, grads);
            adam(w.values(), grads.values(), m, v, step, 2e-2f);
        }
        assertEquals(Math.log(32), first, 0.1);
        assertTrue(loss < 0.05, "loss after 80 steps: " + loss);
    }

    private static void adam(float[] params, float[] grads, float[] m, float[] v, int step, float lr) {
        double c1 = 1 - Math.pow(0.9, step), c2 = 1 - Math.pow(0.999, step);
        for (int i = 0; i < params.length; i++) {
            m[i] = 0.9f * m[i] + 0.1f * grads[i];
            v[i] = 0.999f * v[i] + 0.001f * grads[i] * grads[i];
            params[i] -= (float) (lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8));
        }
    }
}
