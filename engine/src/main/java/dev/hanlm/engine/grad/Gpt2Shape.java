package dev.hanlm.engine.grad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.io.HfConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shape of a trainable GPT-2: pre-LayerNorm blocks with an MLP four times as wide, tanh GELU, LayerNorm eps 1e-5
 * and the LM head tied to the token embedding (GPT-2 as released, and as nanoGPT and llm.c train it).
 */
public record Gpt2Shape(int vocabSize, int contextLength, int layers, int heads, int dModel) {
    /** LayerNorm's epsilon, as in GPT-2. */
    public static final float NORM_EPS = 1e-5f;
    /** The HF dropout fields written to config.json: GPT2Config's defaults (hanlm's own rate is chosen per step). */
    private static final double HF_DROPOUT = 0.1;

    public Gpt2Shape {
        positive("vocabSize", vocabSize);
        positive("contextLength", contextLength);
        positive("layers", layers);
        positive("heads", heads);
        positive("dModel", dModel);
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " is not a multiple of heads " + heads);
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) throw new IllegalArgumentException(name + " must be positive, not " + value);
    }

    public int headDim() {
        return dModel / heads;
    }

    /** Width of the MLP's hidden layer. */
    public int innerSize() {
        return 4 * dModel;
    }

    /** Token and position embeddings, 12 D^2 + 13 D per block, and the final LayerNorm (the head is tied). */
    public long parameterCount() {
        long d = dModel;
        return (long) vocabSize * d + (long) contextLength * d + layers * (12 * d * d + 13 * d) + 2 * d;
    }

    /** config.json for HF transformers' GPT2LMHeadModel, which hanlm's engine also reads. */
    public ObjectNode toHfConfig(int eosId) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("model_type", "gpt2");
        c.putArray("architectures").add("GPT2LMHeadModel");
        c.put("vocab_size", vocabSize);
        c.put("n_positions", contextLength);
        c.put("n_ctx", contextLength);
        c.put("n_embd", dModel);
        c.put("n_layer", layers);
        c.put("n_head", heads);
        c.putNull("n_inner");
        c.put("activation_function", "gelu_new");
        c.put("layer_norm_epsilon", Double.parseDouble(Float.toString(NORM_EPS)));
        c.put("initializer_range", 0.02);
        c.put("embd_pdrop", HF_DROPOUT);
        c.put("attn_pdrop", HF_DROPOUT);
        c.put("resid_pdrop", HF_DROPOUT);
        c.put("scale_attn_weights", true);
        c.put("tie_word_embeddings", true);
        c.put("use_cache", true);
        c.put("bos_token_id", eosId);
        c.put("eos_token_id", eosId);
        return c;
    }

    /** Reads an HF gpt2 config.json, refusing what this shape cannot express. */
    public static Gpt2Shape fromHfConfig(Path configJson) {
        if (!Files.isRegularFile(configJson)) throw new EngineException(configJson + " does not exist or is not a file");
        JsonNode c = HfConfig.readJson(configJson);
        String type = c.path("model_type").asText(null);
        if (!"gpt2".equals(type)) {
            throw new EngineException(configJson + " has model_type '" + type + "', but only gpt2 models can be trained");
        }
        int dModel = required(c, "n_embd", configJson);
        JsonNode inner = c.get("n_inner");
        if (inner != null && !inner.isNull() && inner.asInt() != 4 * dModel) {
            throw new EngineException(configJson + " has n_inner " + inner + ", but training supports only 4 * n_embd");
        }
        String activation = c.path("activation_function").asText("gelu_new");
        if (!activation.equals("gelu_new") && !activation.equals("gelu_pytorch_tanh")) {
            throw new EngineException(configJson + " has activation_function '" + activation + "', expected gelu_new");
        }
        if (!c.path("tie_word_embeddings").asBoolean(true)) {
            throw new EngineException(configJson + " unties the LM head (tie_word_embeddings false), which training does not support");
        }
        double eps = c.path("layer_norm_epsilon").asDouble(NORM_EPS);
        if (Math.abs(eps - NORM_EPS) > 1e-9) {
            throw new EngineException(configJson + " has layer_norm_epsilon " + eps + ", but training uses " + NORM_EPS);
        }
        try {
            return new Gpt2Shape(required(c, "vocab_size", configJson), required(c, "n_positions", configJson),
                    required(c, "n_layer", configJson), required(c, "n_head", configJson), dModel);
        } catch (IllegalArgumentException e) {
            throw new EngineException(configJson + " describes an impossible model: " + e.getMessage());
        }
    }

    private static int required(JsonNode c, String key, Path file) {
        JsonNode v = c.get(key);
        if (v == null || !v.isIntegralNumber()) throw new EngineException(file + " has no integer " + key);
        return v.asInt();
    }
}
