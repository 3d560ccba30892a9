package dev.hanlm.engine.grad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.LoadOptions;
import dev.hanlm.engine.Quantization;
import dev.hanlm.engine.Session;
import dev.hanlm.engine.kernels.DType;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose widths are whole blocks of 32 (every matrix quantized in panels, the golden models' awkward widths
 * keep theirs row by row): a decode step, which sums each block before scaling it, gives the logits prefill computes
 * from the decoded weights, and q8 and q4 stay near the f32 model's logits.
 */
class QuantizedPanelsModelTest {
    private static final Gpt2Shape SHAPE = new Gpt2Shape(96, 40, 2, 4, 64);

    @TempDir
    Path dir;

    @Test
    void decodeStepsMatchPrefillAndStayNearF32() {
        RandomWeights.of(SHAPE, 7).save(dir, DType.F32, 0);
        int[] tokens = RandomWeights.ids(new Random(7), 24, SHAPE.vocabSize());
        float[][] f32;
        try (LanguageModel model = LanguageModel.load(dir)) {
            f32 = model.newSession().prefillAll(tokens);
        }
        // mean error against f32, as a share of the logits' spread: measured 0.012 for q8 and 0.19 for q4 (16 times
        // coarser steps); the bounds add a margin
        check(Quantization.Q8, tokens, f32, 0.02);
        check(Quantization.Q4, tokens, f32, 0.3);
    }

    private void check(Quantization q, int[] tokens, float[][] f32, double bound) {
        try (LanguageModel model = LanguageModel.load(dir, LoadOptions.defaults().withQuantize(q))) {
            float[][] prompt = model.newSession().prefillAll(tokens);
            Session stepwise = model.newSession();
            stepwise.prefill(new int[] {tokens[0]});
            double error = 0, spread = 0;
            for (int t = 1; t < tokens.length; t++) {
                float[] step = stepwise.decode(tokens[t]);
                for (int v = 0; v < SHAPE.vocabSize(); v++) {
                    assertEquals(prompt[t][v], step[v], 1e-4f, q + " position " + t + " token " + v);
                    error += Math.abs(prompt[t][v] - f32[t][v]);
                    spread += Math.abs(f32[t][v] - f32[t][0]);
                }
            }
            assertTrue(error / spread <= bound, q + ": mean error " + error / spread + " of the logits' spread");
        }
    }
}
