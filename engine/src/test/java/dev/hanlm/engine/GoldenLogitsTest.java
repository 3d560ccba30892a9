package dev.hanlm.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's logits against the independent reference of tools/make_engine_golden.py, for every architecture,
 * file dtype and quantization. Files in f16/bf16 are compared with the reference computed from the same rounded
 * weights, so their decoding must be as exact as f32. Against the f32 reference, bf16 files and q8/q4 quantization
 * must stay within stated bounds on the largest logit error and on the RMS error relative to the logits' RMS: the
 * worst case measured over the three models (see golden/README.md) with a margin of about 1.5x.
 */
class GoldenLogitsTest {
    private static final float EXACT_BOUND = 1e-4f;

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama3", "llama-linear", "gpt2-bf16", "gpt2-f16", "llama3-bf16", "llama-linear-bf16"})
    void logitsMatchTheReferenceOfTheStoredWeightsWithin1e4(String name) {
        float error = Golden.maxAbsDifference(Golden.logits(name, LoadOptions.defaults()), Golden.reference(name).logits());
        assertTrue(error <= EXACT_BOUND, name + ": max abs logit error " + error);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama3", "llama-linear", "gpt2-bf16", "gpt2-f16", "llama3-bf16", "llama-linear-bf16"})
    void logitsFromTheMappedWeightsMatchTheReferenceWithin1e4(String name) {
        // packed in panels by default; here the weights stay mapped as stored
        float error = Golden.maxAbsDifference(Golden.logits(name, LoadOptions.defaults().withPack(false)), Golden.reference(name).logits());
        assertTrue(error <= EXACT_BOUND, name + " mapped: max abs logit error " + error);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama3", "llama-linear"})
    void bf16FileStaysWithinItsBoundsOfTheF32Reference(String name) {
        // measured: max 0.27, relative RMS 0.012
        checkBounds(name + " bf16", Golden.logits(name + "-bf16", LoadOptions.defaults()), name, 0.4f, 0.02f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama3", "llama-linear"})
    void q8StaysWithinItsBoundsOfTheF32Reference(String name) {
        // measured: max 0.51, relative RMS 0.026
        checkBounds(name + " q8", Golden.logits(name, LoadOptions.defaults().withQuantize(Quantization.Q8)), name, 0.75f, 0.04f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama3", "llama-linear"})
    void q4StaysWithinItsBoundsOfTheF32Reference(String name) {
        // measured: max 6.7, relative RMS 0.40 (these random models amplify weight noise; see golden/README.md)
        checkBounds(name + " q4", Golden.logits(name, LoadOptions.defaults().withQuantize(Quantization.Q4)), name, 10f, 0.6f);
    }

    private static void checkBounds(String what, float[][] logits, String reference, float maxBound, float relativeRmsBound) {
        float[][] expected = Golden.reference(reference).logits();
        float max = Golden.maxAbsDifference(logits, expected);
        double squaredError = 0, squared = 0;
        for (int t = 0; t < expected.length; t++) {
            for (int i = 0; i < expected[t].length; i++) {
                squaredError += Math.pow(logits[t][i] - expected[t][i], 2);
                squared += Math.pow(expected[t][i], 2);
            }
        }
        double relativeRms = Math.sqrt(squaredError / squared);
        assertTrue(max <= maxBound, what + ": max abs logit error " + max);
        assertTrue(relativeRms <= relativeRmsBound, what + ": RMS logit error relative to the logits' RMS " + relativeRms);
    }
}
