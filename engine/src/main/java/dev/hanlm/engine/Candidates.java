package dev.hanlm.engine;

import java.util.Arrays;

/**
 * The tokens a sampler may draw from one row of logits after temperature, top-k and top-p, with their probabilities.
 * Order of operations as in Hugging Face's samplers: the logits are divided by the temperature, top-k keeps the
 * {@code k} largest (the lower id first on ties, so exactly k), and top-p keeps the shortest run of the remaining
 * tokens, most likely first, whose probability (renormalized over what top-k kept) reaches {@code p}; at least one
 * token always stays.
 *
 * @param ids           the kept tokens, in the order a draw walks them (most likely first when truncated)
 * @param probabilities their probabilities, renormalized to sum to 1
 */
record Candidates(int[] ids, double[] probabilities) {

    static Candidates of(float[] logits, double temperature, int topK, double topP) {
        int vocab = logits.length;
        float max = logits[Logits.argmax(logits)];
        double[] weight = new double[vocab];
        for (int i = 0; i < vocab; i++) weight[i] = Math.exp(((double) logits[i] - max) / temperature);
        int[] ids;
        double mass;
        if (topK > 0 && topK < vocab) {
            ids = Logits.largest(logits, topK);
            mass = sum(weight, ids);
        } else if (topP < 1) {
            mass = 0;
            for (double w : weight) mass += w;
            ids = nucleusSuperset(logits, weight, mass, topP);
        } else {
            ids = new int[vocab];
            Arrays.setAll(ids, i -> i);
            mass = sum(weight, ids);
        }
        if (topP < 1) ids = nucleus(ids, weight, mass * topP);
        double kept = sum(weight, ids);
        double[] probabilities = new double[ids.length];
        for (int i = 0; i < ids.length; i++) probabilities[i] = weight[ids[i]] / kept;
        return new Candidates(ids, probabilities);
    }

    /** The candidate a uniform draw {@code u} in [0, 1) lands on. */
    int draw(double u) {
        double cumulative = 0;
        for (int i = 0; i < ids.length; i++) {
            cumulative += probabilities[i];
            if (u < cumulative) return ids[i];
        }
        return ids[ids.length - 1]; // u within rounding of 1
    }

    /**
     * The tokens whose probability is at least (1 - p) / (vocab - 1), sorted most likely first. The nucleus lies
     * within them (the others together have less than 1 - p), so only these few need sorting (as llama2.c does).
     */
    private static int[] nucleusSuperset(float[] logits, double[] weight, double mass, double topP) {
        double threshold = mass * (1 - topP) / Math.max(1, logits.length - 1);
        long[] keys = new long[logits.length];
        int n = 0;
        for (int i = 0; i < logits.length; i++) if (weight[i] >= threshold) keys[n++] = Logits.key(logits[i], i);
        Arrays.sort(keys, 0, n);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = (int) keys[i];
        return ids;
    }

    /** The shortest prefix of {@code sorted} whose weight reaches {@code target}, at least one token. */
    private static int[] nucleus(int[] sorted, double[] weight, double target) {
        double cumulative = 0;
        int n = 0;
        while (n < sorted.length) {
            cumulative += weight[sorted[n++]];
            if (cumulative >= target) break;
        }
        return Arrays.copyOf(sorted, n);
    }

    private static double sum(double[] weight, int[] ids) {
        double s = 0;
        for (int id : ids) s += weight[id];
        return s;
    }
}
