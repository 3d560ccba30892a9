package dev.hanlm.engine.grad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.Logits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The frozen Llama's loss with virtual tokens equals the mean cross-entropy of the inference engine's logits when the
 * engine is given the same table as prompt embeddings: the two paths put a virtual token's row where the embedding of
 * a real token would go, and agree on everything after it.
 */
class FrozenLlamaVirtualTest {
    /** The tiny llama of {@link FrozenLlamaTest#tinyLlama}: vocab 19, width 16, context 16. */
    private static final int V = 19, WIDTH = 16, VIRTUAL_ROWS = 4;
    private static final String LLAMA3 = """
            {"rope_type": "llama3", "factor": 4.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
             "original_max_position_embeddings": 64}""";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"null, false", "llama3, true"})
    void lossEqualsTheInferenceEngineWithTheSamePromptEmbeddings(String scaling, boolean tied) throws IOException {
        Path dir = FrozenLlamaTest.tinyLlama(tmp, scaling.equals("llama3") ? LLAMA3 : "null", tied, Map.of());
        Random random = new Random(21);
        float[] virtual = new float[VIRTUAL_ROWS * WIDTH];
        for (int i = 0; i < virtual.length; i++) virtual[i] = (float) random.nextGaussian();
        // virtual tokens first, mid-sequence, twice, and last; one target unscored
        int[] ids = {V, V + 1, 3, 7, V + 2, 0, 5, V + 1, 18, 2, V + 3};
        int[] targets = {4, 9, 7, -1, 1, 5, 12, 6, 2, 0, 11};
        int length = ids.length;
        float loss = FrozenModel.load(dir).forward(1, length, ids.clone(), targets.clone(), virtual.clone(), null);
        double sum = 0;
        int counted = 0;
        try (LanguageModel model = LanguageModel.load(dir); LanguageModel tuned = model.withPromptEmbeddings(virtual)) {
            float[][] logits = tuned.newSession().prefillAll(ids.clone());
            assertEquals(length, logits.length);
            for (int t = 0; t < length; t++) {
                assertEquals(V, logits[t].length, "the logits cover the real vocabulary only");
                if (targets[t] < 0) continue;
                sum -= Logits.logprob(logits[t], targets[t]);
                counted++;
            }
        }
        assertEquals(length - 1, counted);
        assertEquals(sum / counted, loss, 1e-4);

        // and the rows matter: moving one of them changes the loss
        float[] other = virtual.clone();
        for (int i = 0; i < WIDTH; i++) other[2 * WIDTH + i] += 1f;
        assertNotEquals(loss, FrozenModel.load(dir).forward(1, length, ids.clone(), targets.clone(), other, null));
    }
}
