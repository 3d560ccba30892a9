package dev.hanlm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.tokenizer.BpeModel;
import dev.hanlm.tokenizer.ByteLevel;
import dev.hanlm.tokenizer.Normalizer;
import dev.hanlm.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a loaded model reports: its config, parameter count, dtypes, generation settings and tokenizer. */
class LanguageModelTest {
    @Test
    void gpt2ConfigAndParameters() {
        try (LanguageModel m = LanguageModel.load(Golden.dir("gpt2"))) {
            ModelConfig c = m.config();
            assertEquals(Architecture.GPT2, c.architecture());
            assertEquals(List.of(61, 30, 2, 3, 3, 10, 52, 32), List.of(c.vocabSize(), c.hiddenSize(), c.layers(), c.heads(),
                    c.kvHeads(), c.headDim(), c.intermediateSize(), c.contextLength()));
            assertTrue(c.tiedEmbeddings());
            assertNull(c.ropeScaling());
            int C = 30, H = 52, V = 61, P = 32;
            long perLayer = 4L * C + (C * 3L * C + 3 * C) + (C * C + C) + (C * H + H) + (H * C + C);
            long params = V * C + P * C + 2 * perLayer + 2 * C;
            assertEquals(params, m.parameterCount());
            assertEquals(Map.of("F32", params), m.fileDtypes());
            // packed by default: each matrix's outputs padded to whole panels
            assertEquals(4 * (2 * (panelRows(3 * C) * C + panelRows(C) * C + panelRows(H) * C + panelRows(C) * H)
                    + panelRows(V) * C), m.bytesPerToken());
            assertEquals(0, m.generationConfig().bosTokenId());
            assertEquals(List.of(0), m.generationConfig().eosTokenIds());
            assertEquals(16, m.generationConfig().maxNewTokens());
        }
    }

    @Test
    void llamaConfigsWithRopeScalingGqaAndAnExplicitHeadDim() {
        try (LanguageModel m = LanguageModel.load(Golden.dir("llama3"))) {
            ModelConfig c = m.config();
            assertEquals(Architecture.LLAMA, c.architecture());
            assertEquals(List.of(6, 2, 6, 12), List.of(c.heads(), c.kvHeads(), c.headDim(), c.kvDim()));
            assertFalse(c.tiedEmbeddings());
            assertEquals(new RopeScaling(RopeScaling.Kind.LLAMA3, 8, 1, 4, 64), c.ropeScaling());
            assertEquals(500.0, c.ropeTheta());
            GenerationConfig g = m.generationConfig();
            assertEquals(List.of(2, 3), g.eosTokenIds());
            assertEquals(true, g.doSample());
            assertEquals(0.6, g.temperature());
            assertEquals(0.9, g.topP());
            assertNull(g.topK());
        }
        try (LanguageModel m = LanguageModel.load(Golden.dir("llama-linear"), LoadOptions.defaults().withQuantize(Quantization.Q8))) {
            ModelConfig c = m.config();
            assertEquals(List.of(28, 6, 36, 40), List.of(c.hiddenSize(), c.headDim(), c.queryDim(), c.contextLength()));
            assertTrue(c.tiedEmbeddings());
            assertEquals(RopeScaling.linear(2), c.ropeScaling());
            // no generation_config.json: the ids come from config.json
            assertEquals(1, m.generationConfig().bosTokenId());
            assertEquals(List.of(2), m.generationConfig().eosTokenIds());
            assertEquals(Quantization.Q8, m.quantization());
            long f32Matmuls = 4L * 2 * (28 * 36 * 2 + 12 * 28 * 2 + 44 * 28 * 3) + 4L * 53 * 28;
            assertTrue(m.bytesPerToken() < f32Matmuls / 3, "q8 reads about a quarter of the f32 bytes: " + m.bytesPerToken());
        }
    }

    @Test
    void weightsLoadedWithoutPackingAreReadAsStored() {
        // packing is what pads outputs to whole panels: with the weights kept mapped, only the head (always packed) is
        int C = 30, H = 52, V = 61;
        try (LanguageModel m = LanguageModel.load(Golden.dir("gpt2"), LoadOptions.defaults().withPack(false))) {
            assertEquals(4 * (2 * (3L * C * C + C * C + 2L * C * H) + panelRows(V) * C), m.bytesPerToken());
        }
    }

    private static long panelRows(int rows) {
        return (long) Math.ceilDiv(rows, dev.hanlm.engine.kernels.Matrix.PANEL) * dev.hanlm.engine.kernels.Matrix.PANEL;
    }

    @Test
    void bf16FileIsReportedAsBf16() {
        try (LanguageModel m = LanguageModel.load(Golden.dir("llama3-bf16"))) {
            assertEquals(Map.of("BF16", m.parameterCount()), m.fileDtypes());
        }
    }

    @Test
    void tokenizerComesFromTheSameDirectoryWhenItHasOne(@TempDir Path tmp) throws IOException {
        try (LanguageModel m = LanguageModel.load(Golden.dir("gpt2"))) {
            assertTrue(m.tokenizer().isEmpty());
        }
        Path dir = Golden.copy("gpt2", tmp);
        // the 256 byte tokens, 'A' first, so that "ABC" is 0, 1, 2: ids inside the model's vocabulary of 61
        String[] vocab = new String[256];
        for (int i = 0; i < vocab.length; i++) vocab[i] = String.valueOf(ByteLevel.charOf(('A' + i) % 256));
        Tokenizer.byteLevel(new BpeModel(vocab, List.of(), BpeModel.Options.byteLevelDefaults()),
                new Normalizer.Unicode(java.text.Normalizer.Form.NFC), List.of(), null).save(dir);
        try (LanguageModel m = LanguageModel.load(dir)) {
            int[] ids = m.tokenizer().orElseThrow().encode("ABC");
            assertEquals(List.of(0, 1, 2), java.util.Arrays.stream(ids).boxed().toList());
            assertEquals(61, m.newSession().prefill(ids).length);
        }
    }
}
