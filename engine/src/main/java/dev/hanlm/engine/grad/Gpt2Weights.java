package dev.hanlm.engine.grad;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.io.Checkpoint;
import dev.hanlm.engine.io.HfConfig;
import dev.hanlm.engine.io.SafetensorsWriter;
import dev.hanlm.engine.kernels.DType;
import dev.hanlm.engine.kernels.Parallel;
import dev.hanlm.engine.kernels.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Every parameter of a GPT-2 in one flat float array, tensor after tensor in HF's names, shapes and order
 * (Conv1D weights stored [in, out]); the LM head is tied to {@code transformer.wte.weight} and not stored. The same
 * layout holds gradients and optimizer moments.
 */
public final class Gpt2Weights {
    /**
     * One tensor: {@code values()[offset .. offset + size)}.
     *
     * @param decayed whether weight decay applies: the matmul weights and embeddings (2-D), not biases or LayerNorm
     */
    public record Parameter(String name, int[] shape, int offset, int size, boolean decayed) {}

    /** Offsets in {@link #values()} of one block's tensors. */
    record Block(int ln1Weight, int ln1Bias, int qkvWeight, int qkvBias, int attnProjWeight, int attnProjBias,
                 int ln2Weight, int ln2Bias, int fcWeight, int fcBias, int fcProjWeight, int fcProjBias) {}

    private static final String PREFIX = "transformer.";
    /** Values per piece of work spread over the pool; when initializing, each is one random stream's. */
    private static final int CHUNK = 1 << 16;

    private final Gpt2Shape shape;
    private final float[] values;
    private final List<Parameter> parameters;
    final int wte, wpe, lnfWeight, lnfBias;
    final Block[] blocks;

    private Gpt2Weights(Gpt2Shape shape) {
        if (shape.parameterCount() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(shape + " has " + shape.parameterCount() + " parameters, more than one float array holds");
        }
        this.shape = shape;
        this.parameters = layout(shape);
        this.values = new float[(int) shape.parameterCount()];
        Map<String, Integer> at = new HashMap<>();
        for (Parameter p : parameters) at.put(p.name(), p.offset());
        wte = at.get(PREFIX + "wte.weight");
        wpe = at.get(PREFIX + "wpe.weight");
        lnfWeight = at.get(PREFIX + "ln_f.weight");
        lnfBias = at.get(PREFIX + "ln_f.bias");
        blocks = new Block[shape.layers()];
        for (int i = 0; i < blocks.length; i++) {
            String h = PREFIX + "h." + i + ".";
            blocks[i] = new Block(at.get(h + "ln_1.weight"), at.get(h + "ln_1.bias"),
                    at.get(h + "attn.c_attn.weight"), at.get(h + "attn.c_attn.bias"),
                    at.get(h + "attn.c_proj.weight"), at.get(h + "attn.c_proj.bias"),
                    at.get(h + "ln_2.weight"), at.get(h + "ln_2.bias"),
                    at.get(h + "mlp.c_fc.weight"), at.get(h + "mlp.c_fc.bias"),
                    at.get(h + "mlp.c_proj.weight"), at.get(h + "mlp.c_proj.bias"));
        }
    }

    private static List<Parameter> layout(Gpt2Shape s) {
        int v = s.vocabSize(), t = s.contextLength(), d = s.dModel(), inner = s.innerSize();
        List<Parameter> out = new ArrayList<>();
        add(out, "wte.weight", v, d);
        add(out, "wpe.weight", t, d);
        for (int i = 0; i < s.layers(); i++) {
            String h = "h." + i + ".";
            add(out, h + "ln_1.weight", d);
            add(out, h + "ln_1.bias", d);
            add(out, h + "attn.c_attn.weight", d, 3 * d);
            add(out, h + "attn.c_attn.bias", 3 * d);
            add(out, h + "attn.c_proj.weight", d, d);
            add(out, h + "attn.c_proj.bias", d);
            add(out, h + "ln_2.weight", d);
            add(out, h + "ln_2.bias", d);
            add(out, h + "mlp.c_fc.weight", d, inner);
            add(out, h + "mlp.c_fc.bias", inner);
            add(out, h + "mlp.c_proj.weight", inner, d);
            add(out, h + "mlp.c_proj.bias", d);
        }
        add(out, "ln_f.weight", d);
        add(out, "ln_f.bias", d);
        return List.copyOf(out);
    }

    private static void add(List<Parameter> out, String name, int... shape) {
        int offset = out.isEmpty() ? 0 : out.getLast().offset() + out.getLast().size();
        int size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        out.add(new Parameter(PREFIX + name, shape, offset, size, shape.length == 2));
    }

    public static Gpt2Weights zeros(Gpt2Shape shape) {
        return new Gpt2Weights(shape);
    }

    /**
     * GPT-2's initialization: matmul weights and embeddings from N(0, 0.02), the residual projections (c_proj) from
     * N(0, 0.02 / sqrt(2 * layers)), biases 0, LayerNorm weights 1. Each run of {@code 2^16} values has its own
     * stream derived from the seed, so the result depends only on the seed.
     */
    public static Gpt2Weights initialize(Gpt2Shape shape, long seed) {
        Gpt2Weights w = new Gpt2Weights(shape);
        float residualStd = (float) (0.02 / Math.sqrt(2.0 * shape.layers()));
        for (int index = 0; index < w.parameters.size(); index++) {
            Parameter p = w.parameters.get(index);
            if (p.name().endsWith("ln_1.weight") || p.name().endsWith("ln_2.weight") || p.name().endsWith("ln_f.weight")) {
                Arrays.fill(w.values, p.offset(), p.offset() + p.size(), 1f);
            } else if (p.shape().length == 2) {
                float std = p.name().endsWith("c_proj.weight") ? residualStd : 0.02f;
                long stream = seed * 0x9E3779B97F4A7C15L + index;
                Parallel.forRange(Math.ceilDiv(p.size(), CHUNK), (from, to) -> {
                    for (int chunk = from; chunk < to; chunk++) {
                        SplittableRandom random = new SplittableRandom(stream * 0xBF58476D1CE4E5B9L + chunk);
                        int start = p.offset() + chunk * CHUNK, end = p.offset() + Math.min(p.size(), (chunk + 1) * CHUNK);
                        for (int i = start; i < end; i++) w.values[i] = (float) (random.nextGaussian() * std);
                    }
                });
            }
        }
        return w;
    }

    /**
     * The weights of an HF gpt2 directory (config.json and F32/F16/BF16 safetensors, names with or without
     * {@code transformer.}), for fine-tuning.
     */
    public static Gpt2Weights load(Path modelDir) {
        Gpt2Weights w = new Gpt2Weights(Gpt2Shape.fromHfConfig(modelDir.resolve(HfConfig.CONFIG_FILE)));
        try (Checkpoint checkpoint = Checkpoint.open(modelDir)) {
            for (Parameter p : w.parameters) {
                String bare = p.name().substring(PREFIX.length());
                long[] shape = Arrays.stream(p.shape()).asLongStream().toArray();
                checkpoint.tensor(checkpoint.contains(bare) ? bare : p.name(), shape).toFloats(0, w.values, p.offset(), p.size());
            }
        }
        return w;
    }

    /**
     * Writes {@code model.safetensors} (HF names, F32, F16 or BF16, no {@code lm_head.weight} since it is tied) and
     * {@code config.json} into {@code modelDir}, each under a temporary name first.
     */
    public void save(Path modelDir, DType dtype, int eosId) {
        String torchDtype = switch (dtype) {
            case F32 -> "float32";
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            case Q8_0, Q4_0 -> throw new IllegalArgumentException("weights are saved as F32, F16 or BF16, not " + dtype);
        };
        try {
            Files.createDirectories(modelDir);
        } catch (IOException e) {
            throw new EngineException("cannot create " + modelDir + ": " + e.getMessage(), e);
        }
        List<SafetensorsWriter.Tensor> tensors = parameters.stream().map(p -> new SafetensorsWriter.Tensor(p.name(),
                Arrays.stream(p.shape()).asLongStream().toArray(), values, p.offset())).toList();
        SafetensorsWriter.write(modelDir.resolve(Checkpoint.SINGLE_FILE), dtype, tensors, Map.of("format", "pt"));
        ObjectNode config = shape.toHfConfig(eosId);
        config.put("torch_dtype", torchDtype);
        Path file = modelDir.resolve(HfConfig.CONFIG_FILE), temp = modelDir.resolve("." + HfConfig.CONFIG_FILE + ".tmp");
        try {
            Files.writeString(temp, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(config) + "\n");
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new EngineException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public Gpt2Shape shape() {
        return shape;
    }

    /**
     * Sets every value to 0 (a gradient before each step), spread over the pool: on one thread it was 2% of a
     * two-thread training step at the bundled shape.
     */
    public void zero() {
        Parallel.forRange(Math.ceilDiv(values.length, CHUNK), (from, to) ->
                Arrays.fill(values, from * CHUNK, Math.min(values.length, to * CHUNK), 0f));
    }

    /** All parameters, laid out as {@link #parameters()} says. */
    public float[] values() {
        return values;
    }

    public List<Parameter> parameters() {
        return parameters;
    }
}
