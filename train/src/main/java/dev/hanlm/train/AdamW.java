package dev.hanlm.train;

import dev.hanlm.engine.grad.Gpt2Weights;
import dev.hanlm.engine.kernels.Parallel;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter): the decay shrinks the weights directly, scaled by the
 * learning rate, and applies only to the parameters marked {@code decayed} (matrices and embeddings; never biases
 * or LayerNorm). The moments are kept in f32, one pair per parameter, and are part of every checkpoint.
 */
public final class AdamW {
    private static final int CHUNK = 1 << 14;
    private final double beta1, beta2, eps, weightDecay;
    private final float[] m, v;
    private final boolean[] decayed;
    private int steps;

    public AdamW(Gpt2Weights weights, double beta1, double beta2, double eps, double weightDecay) {
        this(weights, beta1, beta2, eps, weightDecay, new float[weights.values().length], new float[weights.values().length], 0);
    }

    AdamW(Gpt2Weights weights, double beta1, double beta2, double eps, double weightDecay, float[] m, float[] v, int steps) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.m = m;
        this.v = v;
        this.steps = steps;
        this.decayed = new boolean[weights.parameters().size()];
        for (int i = 0; i < decayed.length; i++) decayed[i] = weights.parameters().get(i).decayed();
    }

    /** One update of {@code weights} by {@code grads} at learning rate {@code lr}. */
    public void step(Gpt2Weights weights, Gpt2Weights grads, double lr) {
        steps++;
        float b1 = (float) beta1, b2 = (float) beta2;
        float correction1 = (float) (1 - Math.pow(beta1, steps)), correction2 = (float) (1 - Math.pow(beta2, steps));
        float[] w = weights.values(), g = grads.values();
        for (int p = 0; p < decayed.length; p++) {
            var parameter = weights.parameters().get(p);
            float decay = decayed[p] ? (float) (lr * weightDecay) : 0f;
            int offset = parameter.offset(), size = parameter.size();
            // elementwise, so any split gives the same numbers; chunks keep the huge embedding table on all cores
            Parallel.forRange(Math.ceilDiv(size, CHUNK), (from, to) -> {
                for (int i = offset + from * CHUNK, end = offset + Math.min(size, to * CHUNK); i < end; i++) {
                    float gi = g[i];
                    m[i] = b1 * m[i] + (1 - b1) * gi;
                    v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                    float mHat = m[i] / correction1, vHat = v[i] / correction2;
                    w[i] -= (float) (lr * (mHat / (Math.sqrt(vHat) + eps))) + decay * w[i];
                }
            });
        }
    }

    /** Updates done so far (Adam's bias correction depends on it). */
    public int steps() {
        return steps;
    }

    float[] firstMoment() {
        return m;
    }

    float[] secondMoment() {
        return v;
    }
}
