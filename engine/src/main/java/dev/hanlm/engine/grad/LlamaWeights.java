package dev.hanlm.engine.grad;

import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.ModelConfig;
import dev.hanlm.engine.io.Checkpoint;
import dev.hanlm.engine.io.HfConfig;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The weights of an HF llama directory as f32 arrays, in HF's names and [out][in] layout, read once and never
 * changed. With tied embeddings {@code head} is the same array as {@code embed}.
 */
record LlamaWeights(ModelConfig config, float[] embed, Layer[] layers, float[] norm, float[] head) {
    record Layer(float[] attnNorm, float[] wq, float[] wk, float[] wv, float[] wo,
                 float[] mlpNorm, float[] gate, float[] up, float[] down) {}

    /** Reads {@code dir} (config.json and F32/F16/BF16 safetensors, names as HF's LlamaForCausalLM). */
    static LlamaWeights load(Path dir) {
        ModelConfig c = HfConfig.read(dir);
        int C = c.hiddenSize(), Q = c.queryDim(), KV = c.kvDim(), H = c.intermediateSize(), V = c.vocabSize();
        try (Checkpoint checkpoint = Checkpoint.open(dir)) {
            float[] embed = read(checkpoint, "model.embed_tokens.weight", V, C);
            Layer[] layers = new Layer[c.layers()];
            for (int i = 0; i < layers.length; i++) {
                String l = "model.layers." + i + ".";
                layers[i] = new Layer(read(checkpoint, l + "input_layernorm.weight", C),
                        read(checkpoint, l + "self_attn.q_proj.weight", Q, C), read(checkpoint, l + "self_attn.k_proj.weight", KV, C),
                        read(checkpoint, l + "self_attn.v_proj.weight", KV, C), read(checkpoint, l + "self_attn.o_proj.weight", C, Q),
                        read(checkpoint, l + "post_attention_layernorm.weight", C),
                        read(checkpoint, l + "mlp.gate_proj.weight", H, C), read(checkpoint, l + "mlp.up_proj.weight", H, C),
                        read(checkpoint, l + "mlp.down_proj.weight", C, H));
            }
            float[] head = c.tiedEmbeddings() ? embed : read(checkpoint, "lm_head.weight", V, C);
            return new LlamaWeights(c, embed, layers, read(checkpoint, "model.norm.weight", C), head);
        }
    }

    /** The tensor {@code name} as floats, checked by {@link Checkpoint#tensor}. */
    private static float[] read(Checkpoint checkpoint, String name, long... shape) {
        long elements = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (elements > Integer.MAX_VALUE - 8) {
            throw new EngineException("tensor '" + name + "' in " + checkpoint.directory() + " has " + elements
                    + " elements, more than one float array holds");
        }
        float[] values = new float[(int) elements];
        checkpoint.tensor(name, shape).toFloats(0, values, 0, values.length);
        return values;
    }
}
