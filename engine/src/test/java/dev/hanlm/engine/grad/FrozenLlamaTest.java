package dev.hanlm.engine.grad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.io.SafetensorsWriter;
import dev.hanlm.engine.kernels.DType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The frozen Llama: its virtual-token gradient equals finite differences of its loss; its loss equals the
 * cross-entropy of the inference path's logits; a virtual token means what a token with that embedding means; and
 * bad input and bad checkpoints are refused with messages that say what is wrong.
 */
class FrozenLlamaTest {
    private static final int VOCAB = 19, WIDTH = 16, HEAD_DIM = 6, INNER = 24, CONTEXT = 16, VIRTUAL_ROWS = 3;
    /** rope_theta 500 and head width 6 put the three frequencies in llama3's three bands (kept, blended, scaled). */
    private static final String LLAMA3 = """
            {"rope_type": "llama3", "factor": 4.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
             "original_max_position_embeddings": 64}""";
    private static final int V = VOCAB;
    /** Two sequences of 6: virtual tokens (ids V + i) mid-sequence, one used twice, and the second right-padded. */
    private static final int[] INPUTS = {3, V, V + 1, 5, 7, 2, 4, 9, V + 2, V, 0, 0};
    private static final int[] TARGETS = {-1, 8, 5, 7, 2, 11, 9, -1, 1, 8, -1, -1};

    @TempDir
    Path tmp;

    @Test
    void virtualGradientMatchesFiniteDifferences() throws IOException {
        checkGradient(tinyLlama(tmp, "null", false, Map.of()));
    }

    @Test
    void virtualGradientMatchesFiniteDifferencesWithLlama3Scaling() throws IOException {
        checkGradient(tinyLlama(tmp, LLAMA3, false, Map.of()));
    }

    private static void checkGradient(Path dir) {
        FrozenModel model = FrozenModel.load(dir);
        float[] virtual = gaussian(new Random(3), VIRTUAL_ROWS * WIDTH, 1);
        model.forward(2, 6, INPUTS, TARGETS, virtual, null);
        float[] gradient = new float[virtual.length];
        model.backward(gradient);
        FiniteDifferences.check("virtual", virtual, 0, FiniteDifferences.all(virtual.length), gradient, 0,
                () -> model.forward(2, 6, INPUTS, TARGETS, virtual, null), 1e-2f, 2e-4, 1e-2);
        // a second backward adds the same gradient again
        float[] twice = gradient.clone();
        model.forward(2, 6, INPUTS, TARGETS, virtual, null);
        model.backward(twice);
        for (int i = 0; i < gradient.length; i++) assertEquals(2 * gradient[i], twice[i], 1e-6 * (1 + Math.abs(gradient[i])));
    }

    /** The golden fixtures: GQA 6:2 with llama3 scaling and an untied head; explicit head_dim, linear scaling, tied. */
    @ParameterizedTest
    @ValueSource(strings = {"llama3", "llama3-bf16", "llama-linear"})
    void lossEqualsInferenceCrossEntropy(String fixture) throws URISyntaxException {
        Path dir = Path.of(FrozenLlamaTest.class.getResource("/golden/" + fixture).toURI());
        FrozenModel frozen = FrozenModel.load(dir);
        int vocab = frozen.vocabSize(), seqLen = 14, padded = 9;
        Random random = new Random(11);
        int[] inputs = new int[2 * seqLen], targets = new int[2 * seqLen];
        for (int i = 0; i < inputs.length; i++) inputs[i] = random.nextInt(vocab);
        for (int i = 0; i < inputs.length; i++) targets[i] = i % seqLen < seqLen - 1 ? inputs[i + 1] : random.nextInt(vocab);
        for (int t = padded; t < seqLen; t++) targets[seqLen + t] = -1;
        double sum = 0;
        int count = 0;
        try (LanguageModel model = LanguageModel.load(dir)) {
            for (int b = 0; b < 2; b++) {
                int length = b == 0 ? seqLen : padded;
                float[][] logits = model.newSession().prefillAll(Arrays.copyOfRange(inputs, b * seqLen, b * seqLen + length));
                for (int t = 0; t < length; t++) {
                    double max = Double.NEGATIVE_INFINITY, exp = 0;
                    for (float l : logits[t]) max = Math.max(max, l);
                    for (float l : logits[t]) exp += Math.exp(l - max);
                    sum += max + Math.log(exp) - logits[t][targets[b * seqLen + t]];
                    count++;
                }
            }
        }
        float loss = frozen.forward(2, seqLen, inputs, targets, new float[0], null);
        assertEquals(sum / count, loss, 1e-4);
        // the padding's ids do not matter
        for (int t = padded; t < seqLen; t++) inputs[seqLen + t] = 1;
        assertEquals(loss, frozen.forward(2, seqLen, inputs, targets, new float[0], null));
    }

    @Test
    void aVirtualTokenWithATokensEmbeddingIsThatToken() throws IOException {
        Path dir = tinyLlama(tmp, LLAMA3, true, Map.of());
        FrozenModel model = FrozenModel.load(dir);
        float[] embed = LlamaWeights.load(dir).embed();
        float[] virtual = gaussian(new Random(4), VIRTUAL_ROWS * WIDTH, 1);
        System.arraycopy(embed, 5 * WIDTH, virtual, WIDTH, WIDTH); // virtual token 1 := token 5
        int[] real = {3, 5, 6, 5, 1, 2}, mixed = {3, V + 1, 6, 5, 1, 2}, targets = {5, 6, 5, 1, 2, 0};
        assertEquals(model.forward(1, 6, real, targets, virtual, null), model.forward(1, 6, mixed, targets, virtual, null));
    }

    @Test
    void badInputIsRefusedWithAClearMessage() throws IOException {
        FrozenModel model = FrozenModel.load(tinyLlama(tmp, "null", false, Map.of()));
        float[] virtual = new float[VIRTUAL_ROWS * WIDTH];
        int[] beyond = INPUTS.clone();
        beyond[3] = V + VIRTUAL_ROWS;
        assertMessage("input id 22 at 3 is outside [0, 22)", () -> model.forward(2, 6, beyond, TARGETS, virtual, null));
        assertMessage("must hold batch * seqLen = 10 ids, not 12 and 12", () -> model.forward(2, 5, INPUTS, TARGETS, virtual, null));
        assertMessage("not a multiple of d_model 16", () -> model.forward(2, 6, INPUTS, TARGETS, new float[WIDTH + 1], null));
        assertMessage("context of 16", () -> model.forward(1, CONTEXT + 1, new int[CONTEXT + 1], new int[CONTEXT + 1], virtual, null));
        model.forward(2, 6, INPUTS, TARGETS, virtual, null);
        assertMessage("dVirtual has 16 floats, but the forward's virtual-token table had 48",
                () -> model.backward(new float[WIDTH]));
    }

    @Test
    void badCheckpointsNameTheTensor() throws IOException {
        Path missing = tinyLlama(tmp.resolve("missing"), "null", false, Map.of("model.layers.1.mlp.up_proj.weight", 0L));
        assertMessage("no tensor 'model.layers.1.mlp.up_proj.weight'", () -> FrozenModel.load(missing));
        Path untied = tinyLlama(tmp.resolve("untied"), "null", false, Map.of("lm_head.weight", 0L));
        assertMessage("no tensor 'lm_head.weight'", () -> FrozenModel.load(untied));
        Path misShaped = tinyLlama(tmp.resolve("shape"), "null", false, Map.of("model.layers.0.self_attn.k_proj.weight", 13L));
        assertMessage("tensor 'model.layers.0.self_attn.k_proj.weight' in " + misShaped + " has shape [13, 16], but config.json"
                + " implies [12, 16]", () -> FrozenModel.load(misShaped));
    }

    private static void assertMessage(String part, Executable call) {
        EngineException e = assertThrows(EngineException.class, call);
        assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' does not say '" + part + "'");
    }

    /**
     * A random f32 llama in {@code dir}: vocab 19, width 16, 4 query / 2 KV heads of 6, MLP 24, 2 layers, context 16.
     * Matrices from N(0, 0.3^2), embeddings from N(0, 1), norm weights 1 + N(0, 0.1^2), as the golden fixtures draw
     * them. {@code change} maps a tensor to leave out (0) or to give that many rows instead.
     */
    static Path tinyLlama(Path dir, String ropeScaling, boolean tied, Map<String, Long> change) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), """
                {"model_type": "llama", "vocab_size": %d, "hidden_size": %d, "intermediate_size": %d,
                 "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": %d,
                 "max_position_embeddings": %d, "rms_norm_eps": 1e-5, "rope_theta": 500.0, "rope_scaling": %s,
                 "tie_word_embeddings": %s}
                """.formatted(VOCAB, WIDTH, INNER, HEAD_DIM, CONTEXT, ropeScaling, tied));
        Random random = new Random(5);
        int q = 4 * HEAD_DIM, kv = 2 * HEAD_DIM;
        List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
        add(tensors, change, "model.embed_tokens.weight", random, 1, VOCAB, WIDTH);
        for (int l = 0; l < 2; l++) {
            String p = "model.layers." + l + ".";
            add(tensors, change, p + "input_layernorm.weight", random, 0.1, WIDTH);
            add(tensors, change, p + "self_attn.q_proj.weight", random, 0.3, q, WIDTH);
            add(tensors, change, p + "self_attn.k_proj.weight", random, 0.3, kv, WIDTH);
            add(tensors, change, p + "self_attn.v_proj.weight", random, 0.3, kv, WIDTH);
            add(tensors, change, p + "self_attn.o_proj.weight", random, 0.3, WIDTH, q);
            add(tensors, change, p + "post_attention_layernorm.weight", random, 0.1, WIDTH);
            add(tensors, change, p + "mlp.gate_proj.weight", random, 0.3, INNER, WIDTH);
            add(tensors, change, p + "mlp.up_proj.weight", random, 0.3, INNER, WIDTH);
            add(tensors, change, p + "mlp.down_proj.weight", random, 0.3, WIDTH, INNER);
        }
        add(tensors, change, "model.norm.weight", random, 0.1, WIDTH);
        if (!tied) add(tensors, change, "lm_head.weight", random, 0.3, VOCAB, WIDTH);
        SafetensorsWriter.write(dir.resolve("model.safetensors"), DType.F32, tensors, Map.of("format", "pt"));
        return dir;
    }

    /** A tensor of {@code shape} (rows changed as {@code change} says); 1-D ones are norm weights around 1. */
    private static void add(List<SafetensorsWriter.Tensor> tensors, Map<String, Long> change, String name, Random random,
                            double std, long... shape) {
        Long rows = change.get(name);
        if (rows != null && rows == 0) return;
        long[] s = shape.clone();
        if (rows != null) s[0] = rows;
        float[] values = gaussian(random, (int) Arrays.stream(s).reduce(1, Math::multiplyExact), std);
        if (s.length == 1) for (int i = 0; i < values.length; i++) values[i] += 1;
        tensors.add(new SafetensorsWriter.Tensor(name, s, values, 0));
    }

    private static float[] gaussian(Random random, int n, double std) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) (random.nextGaussian() * std);
        return out;
    }
}
