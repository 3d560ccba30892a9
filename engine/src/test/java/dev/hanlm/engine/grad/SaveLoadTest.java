package dev.hanlm.engine.grad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.Session;
import dev.hanlm.engine.io.SafetensorsFile;
import dev.hanlm.engine.kernels.DType;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saved weights are a model directory the inference engine loads, and its logits equal the training forward's; the
 * file round-trips through {@link Gpt2Weights#load} (exactly in F32, rounded to bf16 in BF16), and a mismatch is
 * refused naming the tensor.
 */
class SaveLoadTest {
    @TempDir
    Path dir;

    @Test
    void inferenceEngineComputesTheSameLogits() {
        Gpt2Shape shape = new Gpt2Shape(29, 16, 2, 3, 24);
        Gpt2Weights w = RandomWeights.of(shape, 5);
        w.save(dir, DType.F32, 0);
        int[] tokens = RandomWeights.ids(new Random(5), 11, 29);
        TrainableGpt2 model = new TrainableGpt2(shape, 1, tokens.length);
        model.forward(w, tokens, null, Dropout.NONE);
        try (LanguageModel lm = LanguageModel.load(dir)) {
            Session session = lm.newSession();
            float[][] expected = session.prefillAll(tokens);
            for (int t = 0; t < tokens.length; t++) {
                for (int v = 0; v < 29; v++) {
                    assertEquals(expected[t][v], model.logits()[t * 29 + v], 1e-4f, "position " + t + " token " + v);
                }
            }
        }
    }

    @Test
    void roundTripsInF32AndBf16() throws Exception {
        Gpt2Weights w = RandomWeights.of(RandomWeights.TINY, 6);
        w.save(dir, DType.F32, 3);
        assertArrayEquals(w.values(), Gpt2Weights.load(dir).values());
        w.save(dir, DType.BF16, 3);
        float[] loaded = Gpt2Weights.load(dir).values();
        for (int i = 0; i < loaded.length; i++) {
            assertEquals(w.values()[i], loaded[i], Math.abs(w.values()[i]) / 256, "element " + i);
            assertEquals(0, Float.floatToRawIntBits(loaded[i]) & 0xFFFF, "bf16 has no low mantissa bits");
        }
        try (Arena arena = Arena.ofConfined()) {
            Map<String, SafetensorsFile.Entry> tensors = SafetensorsFile.read(dir.resolve("model.safetensors"), arena);
            assertEquals(w.parameters().size(), tensors.size());
            assertFalse(tensors.containsKey("lm_head.weight"));
            assertEquals("BF16", tensors.get("transformer.h.1.mlp.c_fc.weight").dtype());
            assertArrayEquals(new long[] {12, 48}, tensors.get("transformer.h.1.mlp.c_fc.weight").shape());
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file is left");
        }
    }

    @Test
    void refusesAShapeMismatchNamingTheTensor() throws Exception {
        RandomWeights.of(RandomWeights.TINY, 7).save(dir, DType.F32, 0);
        // the config now claims a wider vocabulary than the stored embedding
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"vocab_size\" : 17", "\"vocab_size\" : 18"));
        EngineException e = assertThrows(EngineException.class, () -> Gpt2Weights.load(dir));
        assertTrue(e.getMessage().contains("transformer.wte.weight"), e.getMessage());
    }
}
