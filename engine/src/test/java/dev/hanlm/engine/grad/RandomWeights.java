package dev.hanlm.engine.grad;

import java.util.Random;

/** Weights far from GPT-2's small initialization, so that every layer does something a test can see. */
final class RandomWeights {
    /** Vocabulary 17, context 8, 2 blocks, 3 heads of width 4. */
    static final Gpt2Shape TINY = new Gpt2Shape(17, 8, 2, 3, 12);

    private RandomWeights() {}

    /** Matrices and embeddings from N(0, 0.3^2), biases from N(0, 0.1^2), LayerNorm weights from 1 + N(0, 0.1^2). */
    static Gpt2Weights of(Gpt2Shape shape, long seed) {
        Random random = new Random(seed);
        Gpt2Weights w = Gpt2Weights.zeros(shape);
        for (Gpt2Weights.Parameter p : w.parameters()) {
            boolean norm = p.name().contains(".ln_");
            double std = p.shape().length == 2 ? 0.3 : 0.1;
            for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                w.values()[i] = (float) ((norm && p.name().endsWith("weight") ? 1 : 0) + random.nextGaussian() * std);
            }
        }
        return w;
    }

    static int[] ids(Random random, int n, int vocab) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = random.nextInt(vocab);
        return ids;
    }
}
