package dev.hanlm.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Perplexity change of bf16 files and q8/q4 quantization against f32, on text the f32 model samples itself (random
 * tokens would make every model's perplexity meaningless). Measured, over 30 sampled sequences per model (see
 * golden/README.md): bf16 within 0.1%, q8 within 0.7%, q4 +17% to +69%. The bounds add a margin.
 */
class QuantizationQualityTest {
    private static final int SEQUENCES = 30;

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama3", "llama-linear"})
    void perplexityChangeStaysWithinItsBounds(String name) {
        List<int[]> samples = sample(name);
        double f32 = perplexity(name, LoadOptions.defaults(), samples);
        double bf16 = perplexity(name + "-bf16", LoadOptions.defaults(), samples);
        double q8 = perplexity(name, LoadOptions.defaults().withQuantize(Quantization.Q8), samples);
        double q4 = perplexity(name, LoadOptions.defaults().withQuantize(Quantization.Q4), samples);
        String figures = String.format("%s perplexity: f32 %.4f, bf16 %.4f, q8 %.4f, q4 %.4f", name, f32, bf16, q8, q4);
        assertTrue(Math.abs(bf16 / f32 - 1) <= 0.005, figures);
        assertTrue(Math.abs(q8 / f32 - 1) <= 0.02, figures);
        assertTrue(q4 / f32 - 1 <= 1.0, figures);
    }

    /** Sequences as long as the context, sampled at temperature 1 from the f32 model. */
    private static List<int[]> sample(String name) {
        Random random = new Random(42);
        List<int[]> samples = new ArrayList<>();
        try (LanguageModel model = LanguageModel.load(Golden.dir(name))) {
            int length = model.config().contextLength();
            for (int k = 0; k < SEQUENCES; k++) {
                int[] seq = new int[length];
                seq[0] = random.nextInt(model.config().vocabSize());
                Session s = model.newSession();
                float[] logits = s.prefill(new int[] {seq[0]});
                for (int t = 1; t < length; t++) {
                    seq[t] = draw(softmax(logits), random.nextDouble());
                    if (t + 1 < length) logits = s.decode(seq[t]);
                }
                samples.add(seq);
            }
        }
        return samples;
    }

    private static double perplexity(String dir, LoadOptions options, List<int[]> samples) {
        double nll = 0;
        int count = 0;
        try (LanguageModel model = LanguageModel.load(Golden.dir(dir), options)) {
            for (int[] seq : samples) {
                float[][] logits = model.newSession().prefillAll(seq);
                for (int t = 0; t + 1 < seq.length; t++) {
                    nll -= Math.log(softmax(logits[t])[seq[t + 1]]);
                    count++;
                }
            }
        }
        return Math.exp(nll / count);
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (float v : logits) max = Math.max(max, v);
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp(logits[i] - max);
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }

    private static int draw(double[] p, double u) {
        double cumulative = 0;
        for (int i = 0; i < p.length; i++) {
            cumulative += p[i];
            if (u < cumulative) return i;
        }
        return p.length - 1;
    }
}
