package dev.hanlm.engine.grad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.Logits;
import dev.hanlm.engine.Session;
import dev.hanlm.engine.kernels.DType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frozen GPT-2 of p-tuning: the virtual tokens' gradient equals finite differences, the weights never change, and
 * its loss is the one the inference engine gives for the same virtual tokens.
 */
class FrozenGpt2Test {
    private static final int VOCAB = 17, DIM = 12, K = 3, BATCH = 2, SEQ_LEN = 6;
    // virtual tokens 17, 18, 19 around real ones; the second sequence is right-padded (target -1) and reuses token 17
    private static final int[] INPUTS = {17, 18, 5, 9, 19, 2, 17, 4, 1, 0, 0, 0};
    private static final int[] TARGETS = {-1, -1, 9, 3, 2, 14, -1, 1, 8, -1, -1, -1};

    private static float[] virtualTable(long seed) {
        Random random = new Random(seed);
        float[] v = new float[K * DIM];
        for (int i = 0; i < v.length; i++) v[i] = (float) random.nextGaussian();
        return v;
    }

    @Test
    void virtualTokenGradientMatchesFiniteDifferences() {
        FrozenGpt2 model = new FrozenGpt2(RandomWeights.of(RandomWeights.TINY, 3));
        float[] virtual = virtualTable(4);
        model.forward(BATCH, SEQ_LEN, INPUTS, TARGETS, virtual, null);
        float[] gradient = new float[virtual.length];
        model.backward(gradient);
        assertTrue(Arrays.stream(toDoubles(gradient)).anyMatch(g -> Math.abs(g) > 1e-3), "the gradient is not all zero");
        FiniteDifferences.check("virtual", virtual, 0, FiniteDifferences.all(virtual.length), gradient, 0,
                () -> model.forward(BATCH, SEQ_LEN, INPUTS, TARGETS, virtual, null), 1e-2f, 5e-4, 2e-2);
    }

    @Test
    void backwardAddsIntoTheGradientAndLeavesTheWeightsBitIdentical() {
        Gpt2Weights weights = RandomWeights.of(RandomWeights.TINY, 5);
        float[] before = weights.values().clone();
        FrozenGpt2 model = new FrozenGpt2(weights);
        float[] virtual = virtualTable(6), once = new float[virtual.length], twice = new float[virtual.length];
        model.forward(BATCH, SEQ_LEN, INPUTS, TARGETS, virtual, null);
        model.backward(once);
        model.backward(twice);
        model.backward(twice);
        for (int i = 0; i < once.length; i++) assertEquals(2 * once[i], twice[i], 1e-6f * Math.abs(once[i]) + 1e-9f);
        assertArrayEquals(before, weights.values());
    }

    @Test
    void lossEqualsTheInferenceEngineWithTheSamePromptEmbeddings(@TempDir Path dir) {
        Gpt2Weights weights = RandomWeights.of(RandomWeights.TINY, 7);
        weights.save(dir, DType.F32, 0);
        float[] virtual = virtualTable(8);
        int[] inputs = Arrays.copyOf(INPUTS, SEQ_LEN), targets = Arrays.copyOf(TARGETS, SEQ_LEN);
        float loss = new FrozenGpt2(weights).forward(1, SEQ_LEN, inputs, targets, virtual, null);
        try (LanguageModel model = LanguageModel.load(dir); LanguageModel tuned = model.withPromptEmbeddings(virtual)) {
            Session session = tuned.newSession();
            float[][] logits = session.prefillAll(inputs);
            double sum = 0;
            int counted = 0;
            for (int t = 0; t < SEQ_LEN; t++) {
                if (targets[t] < 0) continue;
                sum -= Logits.logprob(logits[t], targets[t]);
                counted++;
            }
            assertEquals(sum / counted, loss, 1e-5);
        }
    }

    @Test
    void candidatesRestrictTheSoftmaxAndTheGradientFollows(@TempDir Path dir) {
        Gpt2Weights weights = RandomWeights.of(RandomWeights.TINY, 10);
        weights.save(dir, DType.F32, 0);
        int[] candidates = {14, 9, 3, 2};
        int[] inputs = Arrays.copyOf(INPUTS, SEQ_LEN), targets = Arrays.copyOf(TARGETS, SEQ_LEN); // targets 9, 3, 2, 14
        FrozenGpt2 model = new FrozenGpt2(weights);
        float[] virtual = virtualTable(11);
        float loss = model.forward(1, SEQ_LEN, inputs, targets, virtual, candidates);
        try (LanguageModel plain = LanguageModel.load(dir); LanguageModel tuned = plain.withPromptEmbeddings(virtual)) {
            float[][] logits = tuned.newSession().prefillAll(inputs);
            double sum = 0;
            int counted = 0;
            for (int t = 0; t < SEQ_LEN; t++) {
                if (targets[t] < 0) continue;
                double max = Double.NEGATIVE_INFINITY, z = 0;
                for (int c : candidates) max = Math.max(max, logits[t][c]);
                for (int c : candidates) z += Math.exp(logits[t][c] - max);
                sum -= logits[t][targets[t]] - max - Math.log(z);
                counted++;
            }
            assertEquals(sum / counted, loss, 1e-5);
        }
        float[] gradient = new float[virtual.length];
        model.backward(gradient);
        FiniteDifferences.check("virtual", virtual, 0, FiniteDifferences.all(virtual.length), gradient, 0,
                () -> model.forward(1, SEQ_LEN, inputs, targets, virtual, candidates), 1e-2f, 5e-4, 2e-2);
        EngineException e = assertThrows(EngineException.class,
                () -> model.forward(1, SEQ_LEN, inputs, targets, virtual, new int[] {9, 3}));
        assertTrue(e.getMessage().contains("target id 2 is not one of the candidates [9, 3]"), e.getMessage());
    }

    @Test
    void refusesIdsBeyondTheVirtualTableAndWrongShapes() {
        FrozenGpt2 model = new FrozenGpt2(RandomWeights.of(RandomWeights.TINY, 9));
        int[] inputs = INPUTS.clone();
        inputs[3] = VOCAB + K;
        EngineException e = assertThrows(EngineException.class, () -> model.forward(BATCH, SEQ_LEN, inputs, TARGETS, virtualTable(1), null));
        assertTrue(e.getMessage().contains("input id 20 at 3 is outside [0, 20)"), e.getMessage());
        e = assertThrows(EngineException.class, () -> model.forward(BATCH, SEQ_LEN + 1, INPUTS, TARGETS, virtualTable(1), null));
        assertTrue(e.getMessage().contains("must hold batch * seqLen"), e.getMessage());
        e = assertThrows(EngineException.class, () -> model.forward(BATCH, SEQ_LEN, INPUTS, TARGETS, new float[DIM + 1], null));
        assertTrue(e.getMessage().contains("not a multiple of d_model 12"), e.getMessage());
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) out[i] = values[i];
        return out;
    }
}
