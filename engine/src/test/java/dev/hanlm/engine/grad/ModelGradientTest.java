package dev.hanlm.engine.grad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.hanlm.engine.kernels.OneThread;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The whole model's gradient equals central finite differences of its loss, for a sample of elements of every
 * tensor, with ignored (-1) targets, with and without dropout; the input-embedding gradient (p-tuning's hook) too.
 * And the numbers do not depend on the thread count.
 */
class ModelGradientTest {
    private static final int BATCH = 2, SEQ_LEN = 5, SAMPLES = 6;
    private static final int[] TARGETS = {-1, -1, 4, 16, 0, 3, 9, -1, 2, 11};

    @Test
    void everyTensorMatchesFiniteDifferences() {
        check(Dropout.NONE);
    }

    @Test
    void everyTensorMatchesFiniteDifferencesWithDropout() {
        check(new Dropout(0.2f, 42));
    }

    @Test
    void everyTensorMatchesFiniteDifferencesWithTheSoftmaxOverCandidates() {
        check(Dropout.NONE, new int[] {0, 2, 3, 4, 9, 11, 16});
    }

    private static void check(Dropout dropout) {
        check(dropout, null);
    }

    private static void check(Dropout dropout, int[] candidates) {
        Random random = new Random(8);
        Gpt2Weights w = RandomWeights.of(RandomWeights.TINY, 1);
        int[] inputs = RandomWeights.ids(random, BATCH * SEQ_LEN, 17);
        TrainableGpt2 model = new TrainableGpt2(w.shape(), BATCH, SEQ_LEN);
        Gpt2Weights grads = Gpt2Weights.zeros(w.shape());
        model.forward(w, inputs, TARGETS, dropout, null, candidates);
        model.backward(w, grads);
        for (Gpt2Weights.Parameter p : w.parameters()) {
            int[] sample = IntStream.generate(() -> random.nextInt(p.size())).limit(SAMPLES).toArray();
            FiniteDifferences.check(p.name(), w.values(), p.offset(), sample, grads.values(), p.offset(),
                    () -> model.forward(w, inputs, TARGETS, dropout, null, candidates), 1e-2f, 5e-4, 2e-2);
        }
    }

    @Test
    void inputEmbeddingGradientMatchesFiniteDifferences() {
        Random random = new Random(9);
        Gpt2Weights w = RandomWeights.of(RandomWeights.TINY, 2);
        int[] inputs = RandomWeights.ids(random, BATCH * SEQ_LEN, 17);
        TrainableGpt2 model = new TrainableGpt2(w.shape(), BATCH, SEQ_LEN);
        Dropout dropout = new Dropout(0.1f, 5);
        float[] prompt = new float[2 * 12]; // a "virtual token" embedding for positions 0 and 1 of the first sequence
        for (int i = 0; i < prompt.length; i++) prompt[i] = (float) random.nextGaussian();
        java.util.function.Consumer<float[]> edit = embeddings -> System.arraycopy(prompt, 0, embeddings, 0, prompt.length);
        model.forward(w, inputs, TARGETS, dropout, edit, null);
        model.backward(w, Gpt2Weights.zeros(w.shape()));
        float[] gradient = model.embeddingsGradient().clone();
        FiniteDifferences.check("prompt", prompt, 0, FiniteDifferences.all(prompt.length), gradient, 0,
                () -> model.forward(w, inputs, TARGETS, dropout, edit, null), 1e-2f, 5e-4, 2e-2);
    }

    @Test
    void lossAndGradientsDoNotDependOnTheThreadCount() {
        Gpt2Shape shape = new Gpt2Shape(300, 40, 2, 4, 40);
        Gpt2Weights w = RandomWeights.of(shape, 3);
        int[] inputs = RandomWeights.ids(new Random(1), 3 * 33, 300), targets = RandomWeights.ids(new Random(2), 3 * 33, 300);
        Dropout dropout = new Dropout(0.1f, 77);
        TrainableGpt2 pool = new TrainableGpt2(shape, 3, 33), one = new TrainableGpt2(shape, 3, 33);
        Gpt2Weights poolGrads = Gpt2Weights.zeros(shape), oneGrads = Gpt2Weights.zeros(shape);
        float poolLoss = pool.forward(w, inputs, targets, dropout);
        pool.backward(w, poolGrads);
        float[] oneLoss = new float[1];
        OneThread.run(() -> {
            oneLoss[0] = one.forward(w, inputs, targets, dropout);
            one.backward(w, oneGrads);
        });
        assertEquals(poolLoss, oneLoss[0]);
        assertArrayEquals(pool.logits(), one.logits());
        assertArrayEquals(poolGrads.values(), oneGrads.values());
    }

    @Test
    void backwardAddsIntoTheGradientsAndDropoutFollowsItsSeed() {
        Gpt2Weights w = RandomWeights.of(RandomWeights.TINY, 4);
        int[] inputs = RandomWeights.ids(new Random(4), BATCH * SEQ_LEN, 17);
        TrainableGpt2 model = new TrainableGpt2(w.shape(), BATCH, SEQ_LEN);
        Gpt2Weights once = Gpt2Weights.zeros(w.shape()), twice = Gpt2Weights.zeros(w.shape());
        model.forward(w, inputs, TARGETS, Dropout.NONE);
        model.backward(w, once);
        model.backward(w, twice);
        model.backward(w, twice);
        for (int i = 0; i < once.values().length; i++) assertEquals(2 * once.values()[i], twice.values()[i], 1e-6f);

        float a = model.forward(w, inputs, TARGETS, new Dropout(0.3f, 1));
        float b = model.forward(w, inputs, TARGETS, new Dropout(0.3f, 1));
        float c = model.forward(w, inputs, TARGETS, new Dropout(0.3f, 2));
        assertEquals(a, b);
        assertNotEquals(a, c);
    }
}
