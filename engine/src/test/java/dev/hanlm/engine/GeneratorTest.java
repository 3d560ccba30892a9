package dev.hanlm.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generation on tiny GPT-2 models, each step checked against a full recomputation of the logits. */
class GeneratorTest {
    private static final int CONTEXT = 48;
    /** A decode step and the prefill of the same position differ only by float rounding. */
    private static final double LOGPROB_BOUND = 1e-4;

    @TempDir
    static Path dir;
    static Tokenizer tokenizer;
    static Path randomModel;

    @BeforeAll
    static void models() throws IOException {
        tokenizer = TinyModels.byteTokenizer("안녕", "하세요");
        randomModel = TinyModels.random(dir.resolve("random"), tokenizer, CONTEXT, 11);
    }

    private static GenerationOptions greedy(int maxTokens) {
        return GenerationOptions.defaults().withTemperature(0).withMaxTokens(maxTokens);
    }

    /** The logits after every token of {@code ids}, from one prefill of a fresh session. */
    private static float[][] recompute(LanguageModel model, int[] ids) {
        return model.newSession().prefillAll(ids);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void greedyTokensAreTheArgmaxAndLogprobsTheLogSoftmaxOfARecomputation() {
        try (LanguageModel model = LanguageModel.load(randomModel)) {
            int[] prompt = tokenizer.encode("모델 테스트");
            GenerationResult r = new Generator(model).generate(prompt, greedy(12).withTopLogprobs(3));
            float[][] logits = recompute(model, concat(prompt, r.ids()));
            for (int i = 0; i < r.tokens().size(); i++) {
                float[] row = logits[prompt.length - 1 + i];
                double[] logSoftmax = logSoftmax(row);
                GeneratedToken t = r.tokens().get(i);
                assertEquals(argmax(row), t.id(), "step " + i);
                assertEquals(logSoftmax[t.id()], t.logprob(), LOGPROB_BOUND, "step " + i);
                assertEquals(3, t.top().size());
                assertEquals(t.id(), t.top().get(0).id(), "the greedy token is the most likely alternative");
                for (int j = 0; j < 3; j++) assertEquals(logSoftmax[t.top().get(j).id()], t.top().get(j).logprob(), LOGPROB_BOUND);
                assertTrue(t.top().get(1).logprob() >= t.top().get(2).logprob());
            }
        }
    }

    @Test
    void sampledLogprobsAreTheModelsOwnAtTemperatureOneWhateverTheSamplingSettings() {
        try (LanguageModel model = LanguageModel.load(randomModel)) {
            int[] prompt = tokenizer.encode("abc");
            GenerationOptions options = GenerationOptions.defaults().withMaxTokens(10).withTemperature(0.7).withTopK(5)
                    .withTopP(0.9).withRepetitionPenalty(RepetitionPenalty.hf(1.3)).withSeed(5L);
            GenerationResult r = new Generator(model).generate(prompt, options);
            float[][] logits = recompute(model, concat(prompt, r.ids()));
            for (int i = 0; i < r.tokens().size(); i++) {
                assertEquals(logSoftmax(logits[prompt.length - 1 + i])[r.ids()[i]], r.logprobs()[i], LOGPROB_BOUND);
            }
        }
    }

    @Test
    void repetitionPenaltyChangesGreedyChoicesAsTheHfFormOverPromptAndOutputSays() {
        try (LanguageModel model = LanguageModel.load(randomModel)) {
            int[] prompt = tokenizer.encode("반복 반복 반복");
            double factor = 3;
            GenerationResult r = new Generator(model).generate(prompt, greedy(15).withRepetitionPenalty(RepetitionPenalty.hf(factor)));
            GenerationResult plain = new Generator(model).generate(prompt, greedy(15));
            assertFalse(Arrays.equals(plain.ids(), r.ids()), "a strong penalty changes the greedy output");
            float[][] logits = recompute(model, concat(prompt, r.ids()));
            BitSet seen = new BitSet();
            for (int id : prompt) seen.set(id);
            for (int i = 0; i < r.ids().length; i++) {
                float[] row = logits[prompt.length - 1 + i].clone();
                for (int id = 0; id < row.length; id++) if (seen.get(id)) row[id] = row[id] > 0 ? (float) (row[id] / factor) : (float) (row[id] * factor);
                assertEquals(argmax(row), r.ids()[i], "step " + i);
                seen.set(r.ids()[i]);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameTokensAndAnotherSeedOthers() {
        try (LanguageModel model = LanguageModel.load(randomModel)) {
            int[] prompt = tokenizer.encode("seed");
            GenerationOptions hot = GenerationOptions.defaults().withTemperature(2).withMaxTokens(20).withSeed(1234L);
            Generator generator = new Generator(model);
            GenerationResult first = generator.generate(prompt, hot);
            GenerationResult again = generator.generate(prompt, hot);
            GenerationResult fresh = new Generator(model).generate(prompt, hot);
            GenerationResult other = new Generator(model).generate(prompt, hot.withSeed(4321L));
            assertEquals(1234L, first.seed());
            assertArrayEquals(first.ids(), again.ids(), "a reused generator (cached prefix)");
            assertArrayEquals(first.ids(), fresh.ids(), "a new generator");
            assertFalse(Arrays.equals(first.ids(), other.ids()));
            GenerationResult unseeded = generator.generate(prompt, hot.withSeed(null));
            assertArrayEquals(unseeded.ids(), generator.generate(prompt, hot.withSeed(unseeded.seed())).ids(), "the reported seed reproduces");
        }
    }

    @Test
    void koreanInSingleByteTokensStreamsWholeCharactersAndEndsAtEos() throws IOException {
        String expected = "안녕하세요 반가워요";
        int[] prompt = tokenizer.encode("질문: ");
        int[] output = TinyModels.byteIds(expected);
        Path model = TinyModels.scripted(dir.resolve("korean"), tokenizer, TinyModels.script(prompt.length, output, CONTEXT));
        try (LanguageModel m = LanguageModel.load(model)) {
            List<String> deltas = new ArrayList<>();
            GenerationResult r = new Generator(m).generate(prompt, greedy(100), (token, text) -> deltas.add(text));
            assertEquals(FinishReason.EOS, r.finishReason());
            assertArrayEquals(concat(output, new int[] {TinyModels.EOS}), r.ids(), "the eos id ends the tokens");
            assertEquals(expected, r.text());
            assertEquals(expected, String.join("", deltas));
            assertEquals(r.ids().length, deltas.size(), "one call per token");
            for (String d : deltas) assertFalse(d.contains("\uFFFD"), deltas.toString());
            assertEquals(expected.length(), deltas.stream().filter(d -> !d.isEmpty()).count(), "each character released once whole");
        }
    }

    @Test
    void aStopSequenceSpanningThreeTokensEndsTheTextBeforeItAndNeverStreamsAnyOfIt() throws IOException {
        int[] prompt = tokenizer.encode("Q: ");
        int[] output = TinyModels.byteIds("답은 42입니다. END 이후");
        Path model = TinyModels.scripted(dir.resolve("stop"), tokenizer, TinyModels.script(prompt.length, output, CONTEXT));
        try (LanguageModel m = LanguageModel.load(model)) {
            StringBuilder streamed = new StringBuilder();
            GenerationResult r = new Generator(m).generate(prompt, greedy(100).withStop(List.of("END", "없음")),
                    (token, text) -> streamed.append(text));
            assertEquals(FinishReason.STOP, r.finishReason());
            assertEquals("답은 42입니다. ", r.text());
            assertEquals(r.text(), streamed.toString());
            assertEquals(TinyModels.byteIds("답은 42입니다. END").length, r.ids().length,
                    "generation ends with the token that completes the stop sequence");

            StringBuilder korean = new StringBuilder();
            GenerationResult k = new Generator(m).generate(prompt, greedy(100).withStop(List.of("입니")), (token, text) -> korean.append(text));
            assertEquals("답은 42", k.text(), "a stop of two Korean characters split over six byte tokens");
            assertEquals(k.text(), korean.toString());
        }
    }

    @Test
    void maxTokensAndAFullContextEndWithLength() throws IOException {
        // the script alternates: a token scripted at every position would get a logit of 0 (layer norm sums to 0)
        int[] script = TinyModels.byteIds("xy".repeat(CONTEXT / 2));
        try (LanguageModel model = LanguageModel.load(TinyModels.scripted(dir.resolve("no-eos"), tokenizer, script))) {
            GenerationResult r = new Generator(model).generate(TinyModels.byteIds("ab"), greedy(5));
            assertEquals(FinishReason.LENGTH, r.finishReason());
            assertEquals("yxyxy", r.text(), "2 prompt tokens: the first new token is script[1]");

            int[] nearlyFull = new int[CONTEXT - 3];
            Arrays.fill(nearlyFull, 50);
            GenerationResult full = new Generator(model).generate(nearlyFull, greedy(100));
            assertEquals(FinishReason.LENGTH, full.finishReason());
            assertEquals(4, full.ids().length, "3 free positions, and one more token sampled from the last logits");
        }
    }

    @Test
    void aPromptLongerThanTheContextIsRefusedOrTruncatedFromTheLeft() {
        try (LanguageModel model = LanguageModel.load(randomModel)) {
            int[] prompt = new int[CONTEXT + 10];
            for (int i = 0; i < prompt.length; i++) prompt[i] = 1 + i;
            Generator generator = new Generator(model);
            EngineException e = assertThrows(EngineException.class, () -> generator.generate(prompt, greedy(4)));
            assertTrue(e.getMessage().contains("the prompt has 58 tokens, more than the context of 48"), e.getMessage());

            GenerationResult r = generator.generate(prompt, greedy(4).withTruncateLeft(true));
            assertArrayEquals(Arrays.copyOfRange(prompt, prompt.length - (CONTEXT - 4), prompt.length), r.prompt());
            assertEquals(14, r.truncatedTokens());
            GenerationResult direct = new Generator(model).generate(r.prompt(), greedy(4));
            assertArrayEquals(direct.ids(), r.ids(), "the truncated prompt generates as if given alone");

            GenerationResult half = generator.generate(prompt, greedy(1000).withTruncateLeft(true));
            assertEquals(CONTEXT / 2, half.prompt().length, "never less than half the context of prompt");
            GenerationResult fits = generator.generate(Arrays.copyOf(prompt, 10), greedy(4).withTruncateLeft(true));
            assertEquals(0, fits.truncatedTokens());
        }
    }

    @Test
    void aTextPromptIsEncodedWithTheTokenizersSpecialTokens() {
        try (LanguageModel model = LanguageModel.load(randomModel)) {
            GenerationResult fromText = new Generator(model).generate("안녕하세요", greedy(6), GenerationListener.NONE);
            assertArrayEquals(tokenizer.encode("안녕하세요", true), fromText.prompt());
            assertArrayEquals(new Generator(model).generate(fromText.prompt(), greedy(6)).ids(), fromText.ids());
        }
    }

    @Test
    void badRequestsAreRefusedWithOneClearSentence() {
        try (LanguageModel model = LanguageModel.load(randomModel)) {
            Generator generator = new Generator(model);
            assertTrue(assertThrows(EngineException.class, () -> generator.generate(new int[0], greedy(3))).getMessage().contains("empty"));
            assertTrue(assertThrows(EngineException.class, () -> generator.generate(new int[] {1, 99999}, greedy(3)))
                    .getMessage().contains("token id 99999 (at index 1) is outside the vocabulary"));
            assertThrows(EngineException.class, () -> greedy(0));
            assertThrows(EngineException.class, () -> greedy(3).withTopP(0));
            assertThrows(EngineException.class, () -> greedy(3).withTemperature(-0.5));
            assertThrows(EngineException.class, () -> greedy(3).withStop(List.of("")));
        }
    }

    @Test
    void withoutATokenizerIdsAreGeneratedAndTextIsNull() {
        try (LanguageModel model = LanguageModel.load(Golden.dir("gpt2"))) {
            GenerationResult r = new Generator(model).generate(new int[] {3, 4, 5}, greedy(4));
            assertNull(r.text());
            assertFalse(r.tokens().isEmpty());
            assertThrows(EngineException.class, () -> new Generator(model).generate(new int[] {3}, greedy(4).withStop(List.of("x"))));
        }
    }

    @Test
    void theModelsGenerationConfigSetsTheDefaults() {
        GenerationConfig config = new GenerationConfig(1, List.of(2), null, true, 0.6, 40, 0.9, 1.05, 64);
        GenerationOptions o = GenerationOptions.forModel(config);
        assertEquals(0.6, o.temperature());
        assertEquals(40, o.topK());
        assertEquals(0.9, o.topP());
        assertEquals(1.05, o.repetitionPenalty().factor());
        assertEquals(64, o.maxTokens());
        assertEquals(0, GenerationOptions.forModel(new GenerationConfig(null, List.of(), null, false, 0.6, null, null, null, null)).temperature(),
                "do_sample false is greedy");
        assertNotEquals(0, GenerationOptions.defaults().temperature());
    }

    static double[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : logits) max = Math.max(max, x);
        double sum = 0;
        for (float x : logits) sum += Math.exp(x - max);
        double lse = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) out[i] = logits[i] - lse;
        return out;
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
        return best;
    }
}
