package dev.hanlm.engine;

import java.util.random.RandomGenerator;

/** Picks the next token from a row of logits (already penalized for repetition). */
@FunctionalInterface
public interface Sampler {
    /** Temperature 0: always the most likely token. */
    Sampler GREEDY = Logits::argmax;

    int sample(float[] logits);

    /**
     * Greedy for temperature 0, otherwise a draw from the softmax of {@code logits / temperature} restricted by top-k
     * (0 = off) and top-p (1 = off), as {@link Candidates} defines, using {@code random} for the draws.
     */
    static Sampler of(double temperature, int topK, double topP, RandomGenerator random) {
        if (temperature == 0) return GREEDY;
        return logits -> Candidates.of(logits, temperature, topK, topP).draw(random.nextDouble());
    }
}
