package dev.hanlm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Scores against log-softmax of one full prefill, computed in the test. */
class ScorerTest {
    private static final double BOUND = 1e-4;

    @TempDir
    static Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama3", "llama-linear"})
    void scoresAreTheLogSoftmaxOfAFullPrefillAtEachNextToken(String name) {
        int[] ids = Golden.reference(name).tokens();
        try (LanguageModel model = LanguageModel.load(Golden.dir(name))) {
            double[] scores = new Scorer(model).score(ids);
            float[][] logits = model.newSession().prefillAll(ids);
            assertTrue(Double.isNaN(scores[0]), "nothing predicts the first token");
            for (int i = 1; i < ids.length; i++) {
                assertEquals(GeneratorTest.logSoftmax(logits[i - 1])[ids[i]], scores[i], BOUND, "position " + i);
                assertTrue(scores[i] < 0);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama3"})
    void sharedPrefixScoresEqualScoringEachWholeSequence(String name) {
        int[] tokens = Golden.reference(name).tokens();
        int[] prefix = Arrays.copyOf(tokens, 6);
        List<int[]> continuations = List.of(Arrays.copyOfRange(tokens, 6, 14), new int[] {tokens[3]},
                Arrays.copyOfRange(tokens, 2, 20), new int[0], Arrays.copyOfRange(tokens, 6, 9));
        try (LanguageModel model = LanguageModel.load(Golden.dir(name))) {
            Scorer scorer = new Scorer(model);
            List<ContinuationScore> batch = scorer.scoreContinuations(prefix, continuations);
            assertEquals(continuations.size(), batch.size());
            for (int c = 0; c < continuations.size(); c++) {
                int[] cont = continuations.get(c);
                int[] whole = concat(prefix, cont);
                double[] separate = new Scorer(model).score(whole);
                float[][] logits = model.newSession().prefillAll(whole);
                double sum = 0;
                boolean greedy = true;
                for (int i = 0; i < cont.length; i++) {
                    assertEquals(separate[prefix.length + i], batch.get(c).logprobs()[i], BOUND, "continuation " + c + " token " + i);
                    sum += separate[prefix.length + i];
                    greedy &= argmax(logits[prefix.length + i - 1]) == cont[i];
                }
                assertEquals(sum, batch.get(c).sum(), BOUND * Math.max(1, cont.length));
                assertEquals(greedy, batch.get(c).greedy(), "continuation " + c);
            }
            assertEquals(0, batch.get(3).sum(), "an empty continuation");
        }
    }

    @Test
    void theGreedyContinuationIsFlaggedGreedy() {
        try (LanguageModel model = LanguageModel.load(Golden.dir("gpt2"))) {
            int[] prefix = {5, 9, 13};
            int[] greedy = new Generator(model).generate(prefix, GenerationOptions.defaults().withTemperature(0).withMaxTokens(4)).ids();
            List<ContinuationScore> s = new Scorer(model).scoreContinuations(prefix, List.of(greedy));
            assertTrue(s.getFirst().greedy());
        }
    }

    @Test
    void longSequencesAreScoredInChunksWithTheSameResult() throws IOException {
        Path model = TinyModels.random(dir.resolve("long"), TinyModels.byteTokenizer(), 200, 3);
        Random random = new Random(4);
        int[] ids = random.ints(170, 1, 257).toArray();
        try (LanguageModel m = LanguageModel.load(model)) {
            Scorer scorer = new Scorer(m);
            double[] scores = scorer.score(ids);
            float[][] logits = m.newSession().prefillAll(ids);
            for (int i = 1; i < ids.length; i++) assertEquals(GeneratorTest.logSoftmax(logits[i - 1])[ids[i]], scores[i], BOUND);
            int[] prefix = Arrays.copyOf(ids, 20);
            ContinuationScore c = scorer.scoreContinuations(prefix, List.of(Arrays.copyOfRange(ids, 20, 170))).getFirst();
            for (int i = 0; i < 150; i++) assertEquals(scores[20 + i], c.logprobs()[i], BOUND, "token " + i);
        }
    }

    @Test
    void tooManyTokensAndBadIdsAreRefused() {
        try (LanguageModel model = LanguageModel.load(Golden.dir("gpt2"))) {
            Scorer scorer = new Scorer(model);
            int context = model.config().contextLength();
            int[] tooLong = new int[context + 2];
            EngineException e = assertThrows(EngineException.class, () -> scorer.score(tooLong));
            assertTrue(e.getMessage().contains("do not fit the context of " + context), e.getMessage());
            assertEquals(context + 1, scorer.score(new int[context + 1]).length, "the last token is only read, never run");
            assertThrows(EngineException.class, () -> scorer.score(new int[] {1, -1}));
            assertThrows(EngineException.class, () -> scorer.scoreContinuations(new int[0], List.of(new int[] {1})));
            assertThrows(EngineException.class, () -> scorer.scoreContinuations(new int[] {1}, List.of(new int[] {61})));
            assertThrows(EngineException.class, () -> scorer.scoreContinuations(new int[context], List.of(new int[] {1, 2})));
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
        return best;
    }
}
