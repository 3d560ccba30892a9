package dev.hanlm.engine.grad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Loss and every parameter's gradient equal those torch autograd computes in float64 for the same tiny GPT-2 and
 * batch (with ignored targets); made by {@code tools/make_train_golden.py}. Loading the fixture's directory also
 * checks {@link Gpt2Weights#load} on a file another writer made. Tolerances: loss 1e-5 relative, gradients
 * 1e-5 + 1e-3 relative (float32 against float64).
 */
class GoldenGradientsTest {
    @Test
    void lossAndGradientsEqualTorch() throws Exception {
        Path dir = Path.of(getClass().getResource("/golden/gpt2-train").toURI());
        JsonNode golden = new ObjectMapper().readTree(dir.resolve("gradients.json").toFile());
        Gpt2Weights w = Gpt2Weights.load(dir);
        int batch = golden.get("batch").asInt(), seqLen = golden.get("seq_len").asInt();
        TrainableGpt2 model = new TrainableGpt2(w.shape(), batch, seqLen);
        float loss = model.forward(w, ints(golden.get("inputs")), ints(golden.get("targets")), Dropout.NONE);
        Gpt2Weights grads = Gpt2Weights.zeros(w.shape());
        model.backward(w, grads);

        double expectedLoss = golden.get("loss").asDouble();
        assertEquals(expectedLoss, loss, 1e-5 * expectedLoss, "loss");
        for (Gpt2Weights.Parameter p : w.parameters()) {
            JsonNode expected = golden.get("gradients").get(p.name());
            assertEquals(p.size(), expected.size(), p.name());
            for (int i = 0; i < p.size(); i++) {
                double e = expected.get(i).asDouble();
                assertEquals(e, grads.values()[p.offset() + i], 1e-5 + 1e-3 * Math.abs(e), p.name() + "[" + i + "]");
            }
        }
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }
}
