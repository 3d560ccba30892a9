package dev.hanlm.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.engine.io.Checkpoint;
import dev.hanlm.engine.io.SafetensorsFile;
import dev.hanlm.tokenizer.Tokenizer;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Virtual tokens (a p-tuned prompt) in inference: what they mean, and where they are refused. */
class PromptEmbeddingsTest {
    private static final Tokenizer TOKENIZER = TinyModels.byteTokenizer();
    private static final int[] PROMPT = TinyModels.byteIds("안녕 hanlm");
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void writeModel() throws Exception {
        model = TinyModels.random(dir.resolve("m"), TOKENIZER, 64, 11);
    }

    /** Rows of the model's own (f32) token embedding, as virtual tokens. */
    private static float[] embeddingRows(int... ids) {
        try (Checkpoint checkpoint = Checkpoint.open(model)) {
            SafetensorsFile.Entry wte = checkpoint.require("wte.weight");
            int dim = (int) wte.shape()[1];
            float[] rows = new float[ids.length * dim];
            for (int i = 0; i < ids.length; i++) {
                MemorySegment.copy(wte.data(), ValueLayout.JAVA_FLOAT_UNALIGNED, (long) ids[i] * dim * Float.BYTES, rows, i * dim, dim);
            }
            return rows;
        }
    }

    @Test
    void aVirtualTokenWithARealTokensEmbeddingActsAsThatToken() {
        try (LanguageModel m = LanguageModel.load(model);
             LanguageModel tuned = m.withPromptEmbeddings(embeddingRows(PROMPT[2], PROMPT[0]))) {
            int vocab = m.config().vocabSize();
            assertEquals(2, tuned.virtualTokenCount());
            int[] virtual = PROMPT.clone();
            virtual[2] = vocab;
            virtual[0] = vocab + 1;
            assertArrayEquals(m.newSession().prefill(PROMPT), tuned.newSession().prefill(virtual), 1e-6f);
            double[] plain = new Scorer(m).score(PROMPT), scored = new Scorer(tuned).score(virtual);
            assertTrue(Double.isNaN(scored[2]), "a virtual token is not scored");
            assertEquals(plain[3], scored[3], 1e-5);
            assertThrows(EngineException.class, () -> m.newSession().prefill(virtual), "the plain model has no virtual tokens");
        }
    }

    @Test
    void generatesAfterAPromptThatEndsInVirtualTokens() {
        try (LanguageModel m = LanguageModel.load(model); LanguageModel tuned = m.withPromptEmbeddings(embeddingRows(5, 6, 7))) {
            int vocab = m.config().vocabSize();
            int[] prompt = {PROMPT[0], PROMPT[1], vocab, vocab + 1, vocab + 2};
            GenerationOptions options = GenerationOptions.defaults().withMaxTokens(6).withTemperature(0.8);
            GenerationResult a = new Generator(tuned).generate(prompt, options.withSeed(3L));
            GenerationResult b = new Generator(tuned).generate(prompt, options.withSeed(3L));
            assertEquals(a.text(), b.text());
            assertTrue(a.tokens().stream().allMatch(t -> t.id() < vocab), "only real tokens are generated");
        }
    }

    @Test
    void refusesBadEmbeddingsAndVirtualTokensWhereRealOnesMustBe() {
        try (LanguageModel m = LanguageModel.load(model)) {
            int dim = m.config().hiddenSize(), vocab = m.config().vocabSize();
            EngineException e = assertThrows(EngineException.class, () -> m.withPromptEmbeddings(new float[dim + 1]));
            assertTrue(e.getMessage().contains("not whole rows of the hidden size " + dim), e.getMessage());
            float[] nan = new float[dim];
            nan[3] = Float.NaN;
            assertThrows(EngineException.class, () -> m.withPromptEmbeddings(nan));
            LanguageModel tuned = m.withPromptEmbeddings(new float[dim]);
            e = assertThrows(EngineException.class, () -> tuned.newSession().prefill(new int[] {vocab + 1}));
            assertTrue(e.getMessage().contains("and the 1 virtual tokens after it"), e.getMessage());
            e = assertThrows(EngineException.class,
                    () -> new Scorer(tuned).scoreContinuations(new int[] {vocab}, List.of(new int[] {3, vocab})));
            assertTrue(e.getMessage().contains("outside the vocabulary of " + vocab + " tokens"), e.getMessage());
            tuned.close(); // a view: the model stays open
            assertFalse(Arrays.equals(new float[vocab], m.newSession().prefill(PROMPT)));
        }
    }
}
