package dev.hanlm.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every broken directory, config or safetensors file is refused with one clear EngineException naming the problem. */
class BadInputTest {
    @TempDir
    Path tmp;

    private static void assertRefused(Path dir, LoadOptions options, String... fragments) {
        EngineException e = assertThrows(EngineException.class, () -> LanguageModel.load(dir, options).close());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "message lacks '" + f + "': " + e.getMessage());
    }

    private static void assertRefused(Path dir, String... fragments) {
        assertRefused(dir, LoadOptions.defaults(), fragments);
    }

    private Path gpt2WithConfig(Consumer<ObjectNode> edit) throws IOException {
        return withConfig("gpt2", edit);
    }

    private Path withConfig(String name, Consumer<ObjectNode> edit) throws IOException {
        Path dir = Golden.copy(name, tmp);
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(dir.resolve("config.json").toFile());
        edit.accept(config);
        Files.writeString(dir.resolve("config.json"), config.toPrettyString());
        return dir;
    }

    private Path gpt2WithTensors(Consumer<Map<String, SafetensorsWriter.Tensor>> edit) throws IOException {
        Path dir = Golden.copy("gpt2", tmp);
        Map<String, SafetensorsWriter.Tensor> tensors = SafetensorsWriter.read(dir.resolve("model.safetensors"));
        edit.accept(tensors);
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
        return dir;
    }

    private Path gpt2WithRawFile(String header, byte[] data) throws IOException {
        Path dir = Golden.copy("gpt2", tmp);
        SafetensorsWriter.writeRaw(dir.resolve("model.safetensors"), header, data);
        return dir;
    }

    @Test
    void missingDirectoryFileInsteadOfDirectoryAndMissingFiles() throws IOException {
        assertRefused(tmp.resolve("nowhere"), "model directory", "nowhere", "does not exist");
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        assertRefused(file, "is not a directory");
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertRefused(empty, "has no config.json");
        Path noWeights = Golden.copy("gpt2", tmp);
        Files.delete(noWeights.resolve("model.safetensors"));
        assertRefused(noWeights, "has neither model.safetensors nor model.safetensors.index.json");
    }

    @Test
    void unsupportedModelTypeAndSettings() throws IOException {
        assertRefused(gpt2WithConfig(c -> c.put("model_type", "bert")), "model_type 'bert'", "not supported", "gpt2 or llama");
        Path dir = Golden.copy("gpt2", tmp);
        Files.writeString(dir.resolve("config.json"), "{\"n_embd\": 30");
        assertRefused(dir, "config.json is not readable JSON");
    }

    @Test
    void unsupportedRopeScalingAndActivation() throws IOException {
        assertRefused(withConfig("llama3", c -> ((ObjectNode) c.get("rope_scaling")).put("rope_type", "yarn")),
                "rope_scaling type 'yarn'", "expected linear or llama3");
        assertRefused(gpt2WithConfig(c -> c.put("activation_function", "relu")), "activation_function = relu is not supported");
    }

    @Test
    void configContradictingTheTensorsNamesTheTensor() throws IOException {
        assertRefused(gpt2WithConfig(c -> c.put("n_inner", 56)),
                "tensor 'h.0.mlp.c_fc.weight'", "has shape [30, 52]", "config.json implies [30, 56]");
    }

    @Test
    void inconsistentConfigIsRefused() throws IOException {
        assertRefused(withConfig("llama3", c -> c.put("num_key_value_heads", 4)),
                "num_attention_heads 6 is not a multiple of num_key_value_heads 4");
        assertRefused(withConfig("llama3", c -> c.put("hidden_size", "big")), "field 'hidden_size' must be a positive integer, not \"big\"");
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        assertRefused(gpt2WithTensors(t -> t.remove("h.1.ln_2.bias")), "has no tensor 'h.1.ln_2.bias'");
    }

    @Test
    void weightInAnUnsupportedDtypeIsNamed() throws IOException {
        assertRefused(gpt2WithTensors(t -> t.put("ln_f.bias", new SafetensorsWriter.Tensor("I32", new long[] {30}, new byte[120]))),
                "tensor 'ln_f.bias'", "has dtype I32", "F32, F16 and BF16");
    }

    @Test
    void truncatedFile() throws IOException {
        Path dir = Golden.copy("gpt2", tmp);
        Path file = dir.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(dir, "model.safetensors: tensor '", "outside the", "data bytes of the file (is it truncated?)");
        Files.write(file, Arrays.copyOf(bytes, 5));
        assertRefused(dir, "is too short (5 bytes) to be a safetensors file");
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        Path dir = Golden.copy("gpt2", tmp);
        Path file = dir.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1_000_000_000_000L);
        Files.write(file, bytes);
        assertRefused(dir, "declares a header of 1000000000000 bytes", "does not fit in the file of " + bytes.length + " bytes");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        Files.write(file, bytes);
        assertRefused(dir, "declares a header of 18446744073709551615 bytes");
    }

    @Test
    void headerThatIsNotJson() throws IOException {
        assertRefused(gpt2WithRawFile("{\"wte.weight\": {", new byte[0]), "has a header that is not valid JSON");
        assertRefused(gpt2WithRawFile("[1, 2]", new byte[0]), "has a header that is not a JSON object");
    }

    @Test
    void offsetsOutOfRangeOrNotMatchingTheShape() throws IOException {
        assertRefused(gpt2WithRawFile("{\"wte.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}", new byte[16]),
                "tensor 'wte.weight' has data_offsets [0, 24] outside the 16 data bytes");
        assertRefused(gpt2WithRawFile("{\"wte.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[8,4]}}", new byte[24]),
                "data_offsets [8, 4] outside");
        assertRefused(gpt2WithRawFile("{\"wte.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", new byte[24]),
                "tensor 'wte.weight' has 20 data bytes, but dtype F32 and shape [2, 3] need 24");
        assertRefused(gpt2WithRawFile("{\"wte.weight\":{\"dtype\":\"F32\",\"shape\":[2,-3],\"data_offsets\":[0,24]}}", new byte[24]),
                "shape entry that is not a non-negative integer: -3");
        assertRefused(gpt2WithRawFile("{\"wte.weight\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,24]}}", new byte[24]),
                "shape too large");
        assertRefused(gpt2WithRawFile("{\"wte.weight\":{\"dtype\":\"F32\",\"shape\":[6]}}", new byte[24]),
                "tensor 'wte.weight' has no data_offsets pair");
    }

    @Test
    void unknownDtypeString() throws IOException {
        assertRefused(gpt2WithRawFile("{\"wte.weight\":{\"dtype\":\"F33\",\"shape\":[6],\"data_offsets\":[0,24]}}", new byte[24]),
                "tensor 'wte.weight' has unknown dtype 'F33'");
    }

    @Test
    void nanInAWeightIsFoundWhenChecking() throws IOException {
        Path dir = gpt2WithTensors(t -> {
            byte[] data = t.get("h.1.mlp.c_fc.weight").data().clone();
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putFloat(17 * 4, Float.NaN);
            t.put("h.1.mlp.c_fc.weight", new SafetensorsWriter.Tensor("F32", new long[] {30, 52}, data));
        });
        assertRefused(dir, LoadOptions.defaults().withCheckFinite(true), "tensor 'h.1.mlp.c_fc.weight'", "holds NaN at element 17");
        assertDoesNotThrow(() -> LanguageModel.load(dir).close());
    }

    @Test
    void shardIndexNamingAMissingFileOrTensor() throws IOException {
        Path dir = Golden.copy("gpt2", tmp);
        Files.move(dir.resolve("model.safetensors"), dir.resolve("part-1.safetensors"));
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"wte.weight\": \"part-1.safetensors\", \"wpe.weight\": \"part-2.safetensors\"}}");
        assertRefused(dir, "places tensor 'wpe.weight' in 'part-2.safetensors', which is not a file in");
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"nothing.weight\": \"part-1.safetensors\"}}", StandardCharsets.UTF_8);
        assertRefused(dir, "places tensor 'nothing.weight' in part-1.safetensors, which has no such tensor");
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"weight_map\": {\"wte.weight\": \"../elsewhere/part-1.safetensors\"}}");
        assertRefused(dir, "which is not a file in");
    }
}
