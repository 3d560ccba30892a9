package dev.hanlm.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hanlm.engine.Architecture;
import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.GenerationConfig;
import dev.hanlm.engine.ModelConfig;
import dev.hanlm.engine.RopeScaling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads {@code config.json} and {@code generation_config.json} of a Hugging Face model directory. A field the file
 * omits takes the default of the matching {@code transformers} config class ({@code GPT2Config},
 * {@code LlamaConfig}), as {@code from_pretrained} would; settings the engine does not implement are refused.
 */
public final class HfConfig {
    public static final String CONFIG_FILE = "config.json";
    public static final String GENERATION_FILE = "generation_config.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HfConfig() {}

    /** The model configuration of {@code dir}. */
    public static ModelConfig read(Path dir) {
        requireDirectory(dir);
        Path file = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) throw new EngineException(dir + " has no " + CONFIG_FILE);
        Fields f = new Fields(readJson(file), file);
        String type = f.string("model_type", null);
        if (type == null) throw new EngineException(file + " has no model_type");
        Architecture architecture = Arrays.stream(Architecture.values()).filter(a -> a.modelType().equals(type)).findFirst()
                .orElseThrow(() -> new EngineException("model_type '" + type + "' in " + file + " is not supported (expected "
                        + String.join(" or ", Arrays.stream(Architecture.values()).map(Architecture::modelType).toList()) + ")"));
        return switch (architecture) {
            case GPT2 -> gpt2(f);
            case LLAMA -> llama(f);
        };
    }

    private static ModelConfig gpt2(Fields f) {
        int hidden = f.positive("n_embd", 768), heads = f.positive("n_head", 12);
        String activation = f.string("activation_function", "gelu_new");
        if (!activation.equals("gelu_new") && !activation.equals("gelu_pytorch_tanh")) {
            throw f.unsupported("activation_function", activation, "gelu_new");
        }
        if (f.bool("scale_attn_by_inverse_layer_idx", false)) throw f.unsupported("scale_attn_by_inverse_layer_idx", "true", "false");
        if (!f.bool("scale_attn_weights", true)) throw f.unsupported("scale_attn_weights", "false", "true");
        if (hidden % heads != 0) throw f.contradiction("n_embd " + hidden + " is not a multiple of n_head " + heads);
        JsonNode inner = f.node.get("n_inner");
        int intermediate = inner == null || inner.isNull() ? 4 * hidden : f.positive("n_inner", 0);
        return new ModelConfig(Architecture.GPT2, f.positive("vocab_size", 50257), hidden, f.positive("n_layer", 12),
                heads, heads, hidden / heads, intermediate, f.positive("n_positions", 1024),
                (float) f.number("layer_norm_epsilon", 1e-5), f.bool("tie_word_embeddings", true), 0, null);
    }

    private static ModelConfig llama(Fields f) {
        int hidden = f.positive("hidden_size", 4096), heads = f.positive("num_attention_heads", 32);
        JsonNode kv = f.node.get("num_key_value_heads"), hd = f.node.get("head_dim");
        int kvHeads = kv == null || kv.isNull() ? heads : f.positive("num_key_value_heads", 0);
        if (hd == null || hd.isNull()) {
            if (hidden % heads != 0) throw f.contradiction("hidden_size " + hidden + " is not a multiple of num_attention_heads " + heads);
        }
        int headDim = hd == null || hd.isNull() ? hidden / heads : f.positive("head_dim", 0);
        if (heads % kvHeads != 0) {
            throw f.contradiction("num_attention_heads " + heads + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        if (headDim % 2 != 0) throw f.contradiction("the head width " + headDim + " is odd, so rotary embedding cannot pair it");
        String act = f.string("hidden_act", "silu");
        if (!act.equals("silu")) throw f.unsupported("hidden_act", act, "silu");
        if (f.bool("attention_bias", false)) throw f.unsupported("attention_bias", "true", "false");
        if (f.bool("mlp_bias", false)) throw f.unsupported("mlp_bias", "true", "false");
        return new ModelConfig(Architecture.LLAMA, f.positive("vocab_size", 32000), hidden,
                f.positive("num_hidden_layers", 32), heads, kvHeads, headDim, f.positive("intermediate_size", 11008),
                f.positive("max_position_embeddings", 2048), (float) f.number("rms_norm_eps", 1e-6),
                f.bool("tie_word_embeddings", false), f.number("rope_theta", 10000.0), ropeScaling(f));
    }

    private static RopeScaling ropeScaling(Fields f) {
        JsonNode node = f.node.get("rope_scaling");
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) throw new EngineException(f.file + ": rope_scaling must be an object or null");
        Fields s = new Fields(node, f.file);
        String type = s.string("rope_type", s.string("type", "default"));
        return switch (type) {
            case "default" -> null;
            case "linear" -> RopeScaling.linear(s.number("factor", Double.NaN));
            case "llama3" -> new RopeScaling(RopeScaling.Kind.LLAMA3, s.number("factor", Double.NaN),
                    s.number("low_freq_factor", Double.NaN), s.number("high_freq_factor", Double.NaN),
                    s.positive("original_max_position_embeddings", 0));
            default -> throw new EngineException("rope_scaling type '" + type + "' in " + f.file
                    + " is not supported (expected linear or llama3)");
        };
    }

    /** The special ids and sampling defaults of {@code dir}; the ids fall back to {@code config.json}. */
    public static GenerationConfig readGeneration(Path dir) {
        Path genFile = dir.resolve(GENERATION_FILE), configFile = dir.resolve(CONFIG_FILE);
        Fields config = new Fields(Files.isRegularFile(configFile) ? readJson(configFile) : JSON.createObjectNode(), configFile);
        Fields gen = new Fields(Files.isRegularFile(genFile) ? readJson(genFile) : JSON.createObjectNode(), genFile);
        Integer bos = gen.optionalInt("bos_token_id"), pad = gen.optionalInt("pad_token_id");
        List<Integer> eos = gen.ids("eos_token_id");
        if (bos == null) bos = config.optionalInt("bos_token_id");
        if (pad == null) pad = config.optionalInt("pad_token_id");
        if (eos.isEmpty()) eos = config.ids("eos_token_id");
        JsonNode doSample = gen.node.get("do_sample");
        return new GenerationConfig(bos, eos, pad, doSample == null || doSample.isNull() ? null : gen.bool("do_sample", false),
                gen.optionalNumber("temperature"), gen.optionalInt("top_k"), gen.optionalNumber("top_p"),
                gen.optionalNumber("repetition_penalty"), gen.optionalInt("max_new_tokens"));
    }

    static void requireDirectory(Path dir) {
        if (!Files.exists(dir)) throw new EngineException("model directory " + dir + " does not exist");
        if (!Files.isDirectory(dir)) throw new EngineException(dir + " is not a directory (expected a Hugging Face model directory)");
    }

    /** The JSON object in {@code file}, or an {@link EngineException} saying why there is none. */
    public static JsonNode readJson(Path file) {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) throw new EngineException(file + " is not a JSON object");
            return node;
        } catch (IOException e) {
            throw new EngineException(file + " is not readable JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** Typed access to one JSON object, with messages that name the file and field. */
    private record Fields(JsonNode node, Path file) {
        String string(String name, String fallback) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) return fallback;
            if (!v.isTextual()) throw new EngineException(file + ": field '" + name + "' must be a string, not " + v);
            return v.asText();
        }

        int positive(String name, int fallback) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                if (fallback > 0) return fallback;
                throw new EngineException(file + " lacks the field '" + name + "'");
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() <= 0) {
                throw new EngineException(file + ": field '" + name + "' must be a positive integer, not " + v);
            }
            return v.asInt();
        }

        double number(String name, double fallback) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                if (!Double.isNaN(fallback)) return fallback;
                throw new EngineException(file + " lacks the field '" + name + "'");
            }
            if (!v.isNumber()) throw new EngineException(file + ": field '" + name + "' must be a number, not " + v);
            return v.asDouble();
        }

        boolean bool(String name, boolean fallback) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) return fallback;
            if (!v.isBoolean()) throw new EngineException(file + ": field '" + name + "' must be true or false, not " + v);
            return v.asBoolean();
        }

        Integer optionalInt(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) return null;
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new EngineException(file + ": field '" + name + "' must be an integer, not " + v);
            }
            return v.asInt();
        }

        Double optionalNumber(String name) {
            JsonNode v = node.get(name);
            return v == null || v.isNull() ? null : number(name, 0);
        }

        /** An id or a list of ids (HF allows both for eos_token_id). */
        List<Integer> ids(String name) {
            JsonNode v = node.get(name);
            List<Integer> ids = new ArrayList<>();
            if (v == null || v.isNull()) return ids;
            if (v.isArray()) {
                for (JsonNode id : v) {
                    if (!id.isIntegralNumber()) throw new EngineException(file + ": field '" + name + "' must hold integers, not " + id);
                    ids.add(id.asInt());
                }
            } else {
                ids.add(optionalInt(name));
            }
            return ids;
        }

        EngineException unsupported(String name, String value, String expected) {
            return new EngineException(file + ": " + name + " = " + value + " is not supported (expected " + expected + ")");
        }

        EngineException contradiction(String what) {
            return new EngineException(file + " is inconsistent: " + what);
        }
    }
}
