package dev.hanlm.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The KV cache: decoding, chunking, rolling back and sharing a prefix give the logits of a full recomputation. */
class SessionTest {
    /** Decode steps are matrix-vector products, summed in another order than the prefill's matrix products. */
    private static final float DECODE_BOUND = 5e-5f;

    @ParameterizedTest
    @CsvSource({"gpt2,NONE", "llama3,NONE", "llama-linear,NONE", "gpt2-bf16,NONE", "gpt2,Q8", "llama3,Q4", "llama-linear,Q8"})
    void decodingAfterAPrefillEqualsFullRecomputation(String name, Quantization quantization) {
        int[] tokens = Golden.reference(name).tokens();
        try (LanguageModel model = LanguageModel.load(Golden.dir(name), LoadOptions.defaults().withQuantize(quantization))) {
            float[][] full = model.newSession().prefillAll(tokens);
            Session s = model.newSession();
            int split = 7;
            float[] last = s.prefill(Arrays.copyOf(tokens, split));
            assertArrayEquals(full[split - 1], last, DECODE_BOUND, "prefill's last position");
            for (int t = split; t < tokens.length; t++) {
                assertArrayEquals(full[t], s.decode(tokens[t]), DECODE_BOUND, "decode step at position " + t);
            }
            assertEquals(tokens.length, s.position());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama3"})
    void truncatingAndScoringAnotherContinuationEqualsAFreshSession(String name) {
        int[] tokens = Golden.reference(name).tokens();
        int[] prefix = Arrays.copyOf(tokens, 8), first = Arrays.copyOfRange(tokens, 8, 14), second = Arrays.copyOfRange(tokens, 12, 20);
        try (LanguageModel model = LanguageModel.load(Golden.dir(name))) {
            Session shared = model.newSession();
            shared.prefill(prefix);
            shared.prefillAll(first);
            shared.truncate(prefix.length);
            assertEquals(prefix.length, shared.position());
            float[][] reused = shared.prefillAll(second);
            Session fresh = model.newSession();
            float[][] all = fresh.prefillAll(concat(prefix, second));
            for (int i = 0; i < second.length; i++) {
                assertArrayEquals(all[prefix.length + i], reused[i], "continuation position " + i);
            }
        }
    }

    @Test
    void sameInputsGiveIdenticalLogitsAcrossLoads() {
        int[] tokens = Golden.reference("llama3").tokens();
        float[][] a = Golden.logits("llama3", LoadOptions.defaults().withQuantize(Quantization.Q4));
        float[][] b = Golden.logits("llama3", LoadOptions.defaults().withQuantize(Quantization.Q4));
        for (int t = 0; t < tokens.length; t++) assertArrayEquals(a[t], b[t], "position " + t);
    }

    @Test
    void shardedCheckpointGivesTheSameLogits(@TempDir Path tmp) throws IOException {
        Path dir = Golden.copy("llama3", tmp);
        Map<String, SafetensorsWriter.Tensor> tensors = SafetensorsWriter.read(dir.resolve("model.safetensors"));
        Files.delete(dir.resolve("model.safetensors"));
        Map<String, SafetensorsWriter.Tensor> first = new LinkedHashMap<>(), second = new LinkedHashMap<>();
        ObjectNode weightMap = new ObjectMapper().createObjectNode();
        int i = 0;
        for (var e : tensors.entrySet()) {
            boolean inFirst = i++ % 2 == 0;
            (inFirst ? first : second).put(e.getKey(), e.getValue());
            weightMap.put(e.getKey(), inFirst ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
        }
        SafetensorsWriter.write(dir.resolve("model-00001-of-00002.safetensors"), first);
        SafetensorsWriter.write(dir.resolve("model-00002-of-00002.safetensors"), second);
        ObjectNode index = new ObjectMapper().createObjectNode();
        index.putObject("metadata").put("total_size", 0);
        index.set("weight_map", weightMap);
        Files.writeString(dir.resolve("model.safetensors.index.json"), index.toPrettyString());

        int[] tokens = Golden.reference("llama3").tokens();
        try (LanguageModel sharded = LanguageModel.load(dir)) {
            float[][] expected = Golden.logits("llama3", LoadOptions.defaults());
            float[][] actual = sharded.newSession().prefillAll(tokens);
            for (int t = 0; t < tokens.length; t++) assertArrayEquals(expected[t], actual[t], "position " + t);
        }
    }

    @Test
    void promptsLongerThanAChunkGiveTheSameLogitsWhereverTheyAreSplit(@TempDir Path tmp) throws IOException {
        Path dir = withContext(Golden.copy("gpt2", tmp), 2 * Session.CHUNK + 40);
        int[] tokens = new Random(13).ints(2 * Session.CHUNK + 30, 0, 61).toArray();
        try (LanguageModel model = LanguageModel.load(dir)) {
            float[][] whole = model.newSession().prefillAll(tokens);
            Session s = model.newSession();
            float[][] head = s.prefillAll(Arrays.copyOf(tokens, 100));
            float[][] tail = s.prefillAll(Arrays.copyOfRange(tokens, 100, tokens.length));
            for (int t = 0; t < tokens.length; t++) {
                assertArrayEquals(whole[t], t < 100 ? head[t] : tail[t - 100], "position " + t);
            }
            float[] last = model.newSession().prefill(tokens);
            assertArrayEquals(whole[tokens.length - 1], last, DECODE_BOUND);
        }
    }

    @Test
    void aPromptBeyondTheContextIsRefusedAndLeavesTheSessionAsItWas() {
        try (LanguageModel model = LanguageModel.load(Golden.dir("gpt2"))) {
            Session s = model.newSession();
            EngineException e = assertThrows(EngineException.class, () -> s.prefill(new int[33]));
            assertTrue(e.getMessage().contains("context of 32 positions"), e.getMessage());
            s.prefill(new int[30]);
            e = assertThrows(EngineException.class, () -> s.prefill(new int[3]));
            assertTrue(e.getMessage().contains("3 tokens after the 30 already cached"), e.getMessage());
            assertEquals(30, s.position());
            s.decode(1);
            s.decode(2);
            assertThrows(EngineException.class, () -> s.decode(3));

            Session small = model.newSession(10);
            assertEquals(10, small.contextLength());
            e = assertThrows(EngineException.class, () -> small.prefillAll(new int[11]));
            assertTrue(e.getMessage().contains("context of 10 positions"), e.getMessage());
            e = assertThrows(EngineException.class, () -> model.newSession(33));
            assertTrue(e.getMessage().contains("outside 1..32"), e.getMessage());
        }
    }

    @Test
    void badIdsAndRollbacksAreRefusedWithAMessage() {
        try (LanguageModel model = LanguageModel.load(Golden.dir("llama3"))) {
            Session s = model.newSession();
            EngineException e = assertThrows(EngineException.class, () -> s.prefill(new int[] {1, 67}));
            assertTrue(e.getMessage().contains("token id 67 (at index 1) is outside the vocabulary of 67"), e.getMessage());
            e = assertThrows(EngineException.class, () -> s.prefill(new int[] {-1}));
            assertTrue(e.getMessage().contains("token id -1"), e.getMessage());
            e = assertThrows(EngineException.class, () -> s.prefill(new int[0]));
            assertTrue(e.getMessage().contains("empty"), e.getMessage());
            s.prefill(new int[] {1, 2, 3});
            e = assertThrows(EngineException.class, () -> s.truncate(4));
            assertTrue(e.getMessage().contains("holds 3 tokens"), e.getMessage());
            assertEquals(3, s.position());
        }
    }

    /** Replaces the GPT-2 copy's position table with a random one of {@code positions} rows. */
    private static Path withContext(Path dir, int positions) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(dir.resolve("config.json").toFile());
        int width = config.get("n_embd").asInt();
        config.put("n_positions", positions);
        Files.writeString(dir.resolve("config.json"), config.toPrettyString());
        Map<String, SafetensorsWriter.Tensor> tensors = SafetensorsWriter.read(dir.resolve("model.safetensors"));
        ByteBuffer wpe = ByteBuffer.allocate(positions * width * 4).order(ByteOrder.LITTLE_ENDIAN);
        Random r = new Random(14);
        while (wpe.hasRemaining()) wpe.putFloat((float) r.nextGaussian() * 0.5f);
        tensors.put("wpe.weight", new SafetensorsWriter.Tensor("F32", new long[] {positions, width}, wpe.array()));
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
        return dir;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
