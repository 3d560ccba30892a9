package dev.hanlm.train.ptune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hanlm.train.ptune.PromptEncoder.Kind;
import dev.hanlm.train.ptune.PromptEncoder.Range;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PromptEncoderTest {
    private static final int K = 4, D = 6;

    /** sum(output * weights) in double, the scalar whose gradient the tests check. */
    private static double loss(PromptEncoder encoder, float[] weights) {
        float[] out = encoder.forward();
        double sum = 0;
        for (int i = 0; i < out.length; i++) sum += (double) out[i] * weights[i];
        return sum;
    }

    private static float[] random(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float) random.nextDouble(-1, 1);
        return values;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void gradientsMatchFiniteDifferences(Kind kind) {
        // hidden 5: neither D/2 nor D, so every shape is its own
        PromptEncoder encoder = PromptEncoder.create(kind, K, D, 5, 1.0, 11);
        float[] p = encoder.parameters(), weights = random(new SplittableRandom(12), K * D);
        // past PyTorch's init bounds: gates saturate and the gradients through both LSTM layers are well above noise
        for (int i = K * D; i < p.length; i++) p[i] *= 3;
        float[] grads = new float[p.length];
        Arrays.fill(grads, 1f); // backward adds: the gradient is what it added to the 1s
        encoder.forward();
        encoder.backward(weights, grads);
        SplittableRandom pick = new SplittableRandom(13);
        double h = 1e-2;
        for (Range range : encoder.ranges()) {
            double largest = 0;
            for (int s = 0; s < Math.min(8, range.size()); s++) {
                int i = range.offset() + (range.size() <= 8 ? s : pick.nextInt(range.size()));
                float saved = p[i];
                p[i] = (float) (saved + h);
                double plus = loss(encoder, weights);
                p[i] = (float) (saved - h);
                double minus = loss(encoder, weights);
                p[i] = saved;
                double numeric = (plus - minus) / (2 * h), analytic = grads[i] - 1.0;
                assertEquals(numeric, analytic, 1e-4 + 1e-2 * Math.abs(numeric), range.name() + "[" + (i - range.offset()) + "]");
                largest = Math.max(largest, Math.abs(numeric));
            }
            // gradients all within the absolute tolerance of 0 would pass whatever backward did
            assertTrue(largest > 1e-3, range.name() + " gradients too small to check: " + largest);
        }
    }

    @Test
    void lstmMatchesPyTorch() throws IOException {
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("/ptune/prompt-encoder-golden.json")) {
            golden = new ObjectMapper().readTree(in);
        }
        int k = golden.get("K").asInt(), d = golden.get("D").asInt(), h = golden.get("H").asInt();
        PromptEncoder encoder = PromptEncoder.restore(Kind.LSTM, k, d, h, tensors(golden.get("parameters")));
        assertClose(floats(golden.get("output")), encoder.forward(), "output");
        float[] grads = new float[encoder.parameters().length];
        encoder.backward(floats(golden.get("dOutput")), grads);
        Map<String, float[]> expected = tensors(golden.get("gradients"));
        assertEquals(expected.keySet(), encoder.state().keySet());
        for (Range r : encoder.ranges()) {
            assertClose(expected.get(r.name()), Arrays.copyOfRange(grads, r.offset(), r.offset() + r.size()), r.name());
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 + 1e-5 * Math.abs(expected[i]), what + "[" + i + "]");
        }
    }

    private static Map<String, float[]> tensors(JsonNode node) {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        node.properties().forEach(e -> tensors.put(e.getKey(), floats(e.getValue())));
        return tensors;
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) values[i] = (float) array.get(i).asDouble();
        return values;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void seedDeterminesParametersAndStateRoundTrips(Kind kind) {
        int hidden = kind.defaultHidden(D);
        PromptEncoder a = PromptEncoder.create(kind, K, D, hidden, 7), b = PromptEncoder.create(kind, K, D, hidden, 7);
        assertArrayEquals(a.parameters(), b.parameters());
        assertFalse(Arrays.equals(a.parameters(), PromptEncoder.create(kind, K, D, hidden, 8).parameters()));
        PromptEncoder restored = PromptEncoder.restore(kind, K, D, hidden, a.state());
        assertArrayEquals(a.parameters(), restored.parameters());
        assertArrayEquals(a.forward(), restored.forward());
    }

    @Test
    void layoutNamesPyTorchsTensorsAndDecaysOnlyWeights() {
        List<Range> ranges = PromptEncoder.create(Kind.LSTM, K, D, 3, 1).ranges();
        assertEquals(1 + 16 + 4, ranges.size());
        assertEquals("embedding.weight", ranges.getFirst().name());
        assertEquals("lstm_head.weight_ih_l1_reverse", ranges.get(13).name());
        assertArrayEquals(new int[] {12, 6}, ranges.get(13).shape());
        assertArrayEquals(new int[] {D, 6}, ranges.get(17).shape()); // mlp_head.0.weight: 2H -> D
        for (Range r : ranges) {
            boolean matrix = r.name().startsWith("lstm_head.weight") || (r.name().startsWith("mlp_head") && r.name().endsWith(".weight"));
            assertEquals(matrix, r.decayed(), r.name());
        }
        Range last = ranges.getLast();
        assertEquals(last.offset() + last.size(), PromptEncoder.create(Kind.LSTM, K, D, 3, 1).parameters().length);
    }

    @Test
    void restoreRejectsWrongMissingAndUnknownTensors() {
        Map<String, float[]> state = PromptEncoder.create(Kind.LSTM, K, D, 3, 1).state();
        state.put("lstm_head.weight_hh_l1", new float[5]);
        var wrong = assertThrows(IllegalArgumentException.class, () -> PromptEncoder.restore(Kind.LSTM, K, D, 3, state));
        assertTrue(wrong.getMessage().contains("lstm_head.weight_hh_l1"), wrong.getMessage());
        state.remove("lstm_head.weight_hh_l1");
        var missing = assertThrows(IllegalArgumentException.class, () -> PromptEncoder.restore(Kind.LSTM, K, D, 3, state));
        assertTrue(missing.getMessage().contains("missing tensor lstm_head.weight_hh_l1"), missing.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> PromptEncoder.restore(Kind.NONE, K, D, 0, state));
        assertTrue(unknown.getMessage().contains("unknown tensor lstm_head."), unknown.getMessage());
        // a different hidden size changes the shapes
        var shape = assertThrows(IllegalArgumentException.class,
                () -> PromptEncoder.restore(Kind.MLP, K, D, 4, PromptEncoder.create(Kind.MLP, K, D, 5, 1).state()));
        assertTrue(shape.getMessage().contains("mlp_head.0.weight"), shape.getMessage());
    }
}
