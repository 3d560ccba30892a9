package dev.hanlm.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A batched decode step gives each session exactly what decoding it alone gives; generations batched sample the same tokens. */
class BatchDecoderTest {
    @ParameterizedTest
    @CsvSource({"gpt2,NONE", "llama3,NONE", "llama-linear,NONE", "gpt2-bf16,NONE", "gpt2,Q8", "llama3,Q4"})
    void eachRowOfABatchedStepIsThatSessionDecodedAlone(String name, Quantization quantization) {
        int[] tokens = Golden.reference(name).tokens();
        int[] prompts = {3, 9, 1, 14}; // sequences at different positions, of different lengths
        try (LanguageModel model = LanguageModel.load(Golden.dir(name), LoadOptions.defaults().withQuantize(quantization))) {
            List<Session> batched = new ArrayList<>(), alone = new ArrayList<>();
            for (int length : prompts) {
                int[] prompt = Arrays.copyOf(tokens, length);
                batched.add(model.newSession());
                alone.add(model.newSession());
                batched.getLast().prefill(prompt);
                alone.getLast().prefill(prompt);
            }
            BatchDecoder decoder = model.newBatchDecoder();
            for (int step = 0; step < 5; step++) {
                // a sequence leaves after two steps, so the batch shrinks as a server's does
                List<Session> running = step < 2 ? batched : batched.subList(1, batched.size());
                int[] ids = new int[running.size()];
                for (int b = 0; b < ids.length; b++) ids[b] = tokens[(prompts[b] * 7 + step * 3) % tokens.length];
                float[][] logits = decoder.decode(running, ids);
                for (int b = 0; b < ids.length; b++) {
                    Session reference = alone.get(batched.indexOf(running.get(b)));
                    assertArrayEquals(reference.decode(ids[b]), logits[b], name + " step " + step + " row " + b);
                    assertEquals(reference.position(), running.get(b).position());
                }
            }
        }
    }

    @Test
    void aBatchOfOneIsExactlyALoneDecodeStep() {
        try (LanguageModel model = LanguageModel.load(Golden.dir("llama3"))) {
            Session a = model.newSession(), b = model.newSession();
            a.prefill(new int[] {5, 6, 7});
            b.prefill(new int[] {5, 6, 7});
            assertArrayEquals(b.decode(9), model.newBatchDecoder().decode(List.of(a), new int[] {9})[0]);
        }
    }

    @ParameterizedTest
    @CsvSource({"gpt2,1.0", "llama3,0.8", "llama3,0"})
    void generationsRunTogetherSampleWhatEachSamplesAlone(String name, double temperature) {
        int[] tokens = Golden.reference(name).tokens();
        try (LanguageModel model = LanguageModel.load(Golden.dir(name))) {
            int[][] prompts = {Arrays.copyOf(tokens, 4), Arrays.copyOfRange(tokens, 2, 12), Arrays.copyOf(tokens, 1)};
            int[] maxTokens = {12, 6, 15};
            List<Generation> running = new ArrayList<>();
            List<Generation> all = new ArrayList<>();
            for (int i = 0; i < prompts.length; i++) {
                Generation g = new Generator(model).start(prompts[i], options(temperature, maxTokens[i], 100L + i), GenerationListener.NONE);
                running.add(g);
                all.add(g);
            }
            BatchDecoder decoder = model.newBatchDecoder();
            while (!running.isEmpty()) {
                running.removeIf(g -> !g.next());
                if (!running.isEmpty()) Generation.decode(running, decoder);
            }
            for (int i = 0; i < prompts.length; i++) {
                GenerationResult alone = new Generator(model).generate(prompts[i], options(temperature, maxTokens[i], 100L + i));
                assertArrayEquals(alone.ids(), all.get(i).result().ids(), "generation " + i);
                assertArrayEquals(alone.logprobs(), all.get(i).result().logprobs(), "generation " + i);
                assertTrue(all.get(i).finished());
            }
        }
    }

    private static GenerationOptions options(double temperature, int maxTokens, long seed) {
        return GenerationOptions.defaults().withTemperature(temperature).withMaxTokens(maxTokens).withSeed(seed);
    }

    @Test
    void aSessionOfAnotherModelOrTwiceInOneStepIsRefused() {
        try (LanguageModel model = LanguageModel.load(Golden.dir("gpt2")); LanguageModel other = LanguageModel.load(Golden.dir("gpt2"))) {
            Session a = model.newSession(), b = other.newSession();
            a.prefill(new int[] {1});
            b.prefill(new int[] {1});
            BatchDecoder decoder = model.newBatchDecoder();
            assertTrue(assertThrows(EngineException.class, () -> decoder.decode(List.of(a, b), new int[] {2, 2}))
                    .getMessage().contains("another model"));
            assertTrue(assertThrows(EngineException.class, () -> decoder.decode(List.of(a, a), new int[] {2, 2}))
                    .getMessage().contains("twice"));
            assertEquals(1, a.position(), "a refused step runs nothing");
        }
    }
}
