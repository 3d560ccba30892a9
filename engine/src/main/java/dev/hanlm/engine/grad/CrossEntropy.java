package dev.hanlm.engine.grad;

import dev.hanlm.engine.kernels.Parallel;
import dev.hanlm.engine.kernels.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax cross-entropy over rows of {@code vocab} logits, fused as in llm.c: forward keeps each row's log-sum-exp,
 * backward writes {@code (softmax - onehot(target)) * scale} without storing the probabilities. A target below 0
 * marks a row that does not count.
 */
final class CrossEntropy {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private CrossEntropy() {}

    /** Fills lse[t] = log sum_v exp(logits[t][v]) and returns the mean of lse - logit[target] over counted rows (NaN if none). */
    static float forward(float[] lse, float[] logits, int[] targets, int n, int vocab) {
        Parallel.forRange(n, (from, to) -> {
            for (int t = from; t < to; t++) {
                int o = t * vocab;
                float max = Vectors.max(logits, o, vocab);
                FloatVector vmax = FloatVector.broadcast(F, max), acc = FloatVector.zero(F);
                int i = 0;
                for (int bound = vocab - L; i <= bound; i += L) {
                    acc = acc.add(Vectors.exp(FloatVector.fromArray(F, logits, o + i).sub(vmax)));
                }
                if (i < vocab) {
                    VectorMask<Float> m = F.indexInRange(i, vocab);
                    acc = acc.add(Vectors.exp(FloatVector.fromArray(F, logits, o + i, m).sub(vmax)), m);
                }
                lse[t] = max + (float) Math.log(Vectors.sum(acc));
            }
        });
        double sum = 0;
        int count = 0;
        for (int t = 0; t < n; t++) {
            if (targets[t] >= 0) {
                sum += lse[t] - logits[t * vocab + targets[t]];
                count++;
            }
        }
        return count == 0 ? Float.NaN : (float) (sum / count);
    }

    /** dlogits[t] = (exp(logits[t] - lse[t]) - onehot(targets[t])) * scale for counted rows, 0 for the others. */
    static void backward(float[] dlogits, float[] logits, float[] lse, int[] targets, int n, int vocab, float scale) {
        Parallel.forRange(n, (from, to) -> {
            for (int t = from; t < to; t++) {
                int o = t * vocab;
                if (targets[t] < 0) {
                    java.util.Arrays.fill(dlogits, o, o + vocab, 0f);
                    continue;
                }
                FloatVector shift = FloatVector.broadcast(F, lse[t]);
                int i = 0;
                for (int bound = vocab - L; i <= bound; i += L) {
                    Vectors.exp(FloatVector.fromArray(F, logits, o + i).sub(shift)).mul(scale).intoArray(dlogits, o + i);
                }
                if (i < vocab) {
                    VectorMask<Float> m = F.indexInRange(i, vocab);
                    Vectors.exp(FloatVector.fromArray(F, logits, o + i, m).sub(shift)).mul(scale).intoArray(dlogits, o + i, m);
                }
                dlogits[o + targets[t]] -= scale;
            }
        });
    }
}
