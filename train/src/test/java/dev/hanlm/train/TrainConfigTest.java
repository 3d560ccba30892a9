package dev.hanlm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.kernels.DType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void missingKeysTakeTheirDefaults() throws Exception {
        TrainConfig c = TrainConfig.of(json("{\"data\":\"d\",\"output\":\"o\",\"steps\":100}"));
        assertEquals(4, c.layers());
        assertEquals(256, c.dModel());
        assertEquals(256, c.seqLen(), "seq_len 0 means the context");
        assertEquals(6e-5, c.minLr(), 1e-15, "min_lr defaults to lr / 10");
        assertEquals(5, c.warmupSteps(), "warmup defaults to 5% of the steps");
        assertEquals(DType.F32, c.saveDtype());
        assertNull(c.initFrom());
    }

    @Test
    void flagsOverrideTheFileAndTheResolvedConfigReadsBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("train.json");
        Files.writeString(file, "{\"data\":\"d\",\"output\":\"o\",\"steps\":100,\"layers\":2,\"lr\":0.01}");
        // flags arrive as text
        TrainConfig c = TrainConfig.read(file, json("{\"layers\":\"3\",\"save_dtype\":\"BF16\"}"));
        assertEquals(3, c.layers());
        assertEquals(0.01, c.lr());
        assertEquals(DType.BF16, c.saveDtype());
        assertEquals(c, TrainConfig.of(c.toJson()));
    }

    @Test
    void tokensBecomeTheStepsThatCoverThem() throws Exception {
        TrainConfig c = TrainConfig.of(json("{\"data\":\"d\",\"output\":\"o\",\"tokens\":10000,\"batch_size\":4,\"context\":64,\"grad_accum\":2}"));
        assertEquals(20, c.steps(), "ceil(10000 / (4 * 64 * 2))");
        assertEquals(512, c.tokensPerStep());
    }

    @Test
    void badSettingsAreNamed() {
        assertMessage("heads (3) must divide d_model (256)", "{\"data\":\"d\",\"output\":\"o\",\"steps\":1,\"heads\":3}");
        assertMessage("steps must be positive", "{\"data\":\"d\",\"output\":\"o\"}");
        assertMessage("data is required", "{\"output\":\"o\",\"steps\":1}");
        assertMessage("unknown training setting 'n_layer'", "{\"data\":\"d\",\"output\":\"o\",\"steps\":1,\"n_layer\":2}");
        assertMessage("layers must be a whole number", "{\"data\":\"d\",\"output\":\"o\",\"steps\":1,\"layers\":2.5}");
        assertMessage("lr must be a number", "{\"data\":\"d\",\"output\":\"o\",\"steps\":1,\"lr\":\"fast\"}");
        assertMessage("give steps or tokens, not both", "{\"data\":\"d\",\"output\":\"o\",\"steps\":1,\"tokens\":100}");
        assertMessage("seq_len must be between 2 and the context (256)", "{\"data\":\"d\",\"output\":\"o\",\"steps\":1,\"seq_len\":300}");
        assertMessage("save_dtype must be f32 or bf16", "{\"data\":\"d\",\"output\":\"o\",\"steps\":1,\"save_dtype\":\"q8\"}");
    }

    @Test
    void aConfigFileThatIsNotAnObjectIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "[1, 2]");
        TrainingException e = assertThrows(TrainingException.class, () -> TrainConfig.read(file, JSON.createObjectNode()));
        assertTrue(e.getMessage().contains("must hold a JSON object"), e.getMessage());
    }

    private static void assertMessage(String expected, String config) {
        TrainingException e = assertThrows(TrainingException.class, () -> TrainConfig.of(json(config)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
