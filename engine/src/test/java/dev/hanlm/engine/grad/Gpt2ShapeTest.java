package dev.hanlm.engine.grad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hanlm.engine.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Gpt2ShapeTest {
    @TempDir
    Path dir;

    @Test
    void refusesImpossibleShapesNamingTheProblem() {
        assertMessage("vocabSize", () -> new Gpt2Shape(0, 8, 1, 1, 8));
        assertMessage("layers", () -> new Gpt2Shape(10, 8, -1, 1, 8));
        assertMessage("not a multiple of heads", () -> new Gpt2Shape(10, 8, 1, 3, 8));
        assertMessage("seqLen", () -> new TrainableGpt2(new Gpt2Shape(10, 8, 1, 1, 8), 1, 9));
    }

    @Test
    void countsTheParametersItLaysOut() {
        Gpt2Shape small = new Gpt2Shape(50257, 1024, 12, 12, 768);
        assertEquals(124_439_808L, small.parameterCount()); // GPT-2 small, as HF counts it
        Gpt2Weights w = Gpt2Weights.zeros(RandomWeights.TINY);
        Gpt2Weights.Parameter last = w.parameters().getLast();
        assertEquals(RandomWeights.TINY.parameterCount(), last.offset() + last.size());
        assertEquals(2 + 12 * 2 + 2, w.parameters().size());
    }

    @Test
    void configRoundTripsAndOtherModelsAreRefused() throws Exception {
        Path config = dir.resolve("config.json");
        ObjectMapper json = new ObjectMapper();
        Files.writeString(config, json.writeValueAsString(RandomWeights.TINY.toHfConfig(5)));
        assertEquals(RandomWeights.TINY, Gpt2Shape.fromHfConfig(config));
        assertEquals(5, json.readTree(config.toFile()).get("eos_token_id").asInt());

        Files.writeString(config, "{\"model_type\": \"llama\", \"hidden_size\": 8}");
        assertTrue(assertThrows(EngineException.class, () -> Gpt2Shape.fromHfConfig(config)).getMessage().contains("llama"));
        Files.writeString(config, "{\"model_type\": \"gpt2\", \"n_embd\": 8, \"n_head\": 2, \"n_layer\": 1, \"vocab_size\": 9}");
        assertTrue(assertThrows(EngineException.class, () -> Gpt2Shape.fromHfConfig(config)).getMessage().contains("n_positions"));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        String message = assertThrows(IllegalArgumentException.class, e).getMessage();
        assertTrue(message.contains(part), message);
    }
}
