package dev.hanlm.cli;

import dev.hanlm.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** A GPT-2 with random weights over the bundled Korean tokenizer, written as a Hugging Face directory for CLI tests. */
final class TinyModel {
    static final int WIDTH = 16, HEADS = 2, LAYERS = 2, INNER = 24, CONTEXT = 128;

    /** The directory, and the number of parameters written. */
    record Written(Path dir, long parameters) {}

    private TinyModel() {}

    static Written write(Path dir) throws IOException {
        Tokenizer tokenizer = Bundled.tokenizer();
        int vocab = tokenizer.vocabSize();
        Random random = new Random(5);
        Map<String, float[]> tensors = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        put(tensors, shapes, "wte.weight", gaussian(random, vocab * WIDTH, 1), vocab, WIDTH);
        put(tensors, shapes, "wpe.weight", gaussian(random, CONTEXT * WIDTH, 0.5), CONTEXT, WIDTH);
        for (int l = 0; l < LAYERS; l++) {
            String p = "h." + l + ".";
            put(tensors, shapes, p + "ln_1.weight", ones(WIDTH), WIDTH);
            put(tensors, shapes, p + "ln_1.bias", new float[WIDTH], WIDTH);
            put(tensors, shapes, p + "attn.c_attn.weight", gaussian(random, WIDTH * 3 * WIDTH, 0.3), WIDTH, 3 * WIDTH);
            put(tensors, shapes, p + "attn.c_attn.bias", new float[3 * WIDTH], 3 * WIDTH);
            put(tensors, shapes, p + "attn.c_proj.weight", gaussian(random, WIDTH * WIDTH, 0.3), WIDTH, WIDTH);
            put(tensors, shapes, p + "attn.c_proj.bias", new float[WIDTH], WIDTH);
            put(tensors, shapes, p + "ln_2.weight", ones(WIDTH), WIDTH);
            put(tensors, shapes, p + "ln_2.bias", new float[WIDTH], WIDTH);
            put(tensors, shapes, p + "mlp.c_fc.weight", gaussian(random, WIDTH * INNER, 0.3), WIDTH, INNER);
            put(tensors, shapes, p + "mlp.c_fc.bias", new float[INNER], INNER);
            put(tensors, shapes, p + "mlp.c_proj.weight", gaussian(random, INNER * WIDTH, 0.3), INNER, WIDTH);
            put(tensors, shapes, p + "mlp.c_proj.bias", new float[WIDTH], WIDTH);
        }
        put(tensors, shapes, "ln_f.weight", ones(WIDTH), WIDTH);
        put(tensors, shapes, "ln_f.bias", new float[WIDTH], WIDTH);

        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), """
                {"model_type": "gpt2", "vocab_size": %d, "n_embd": %d, "n_head": %d, "n_layer": %d, "n_inner": %d,
                 "n_positions": %d, "bos_token_id": 0, "eos_token_id": 0}
                """.formatted(vocab, WIDTH, HEADS, LAYERS, INNER, CONTEXT));
        writeSafetensors(dir.resolve("model.safetensors"), tensors, shapes);
        tokenizer.save(dir);
        return new Written(dir, tensors.values().stream().mapToLong(t -> t.length).sum());
    }

    /** Safetensors by hand: u64 header length, JSON header, little-endian F32 data. */
    static void writeSafetensors(Path file, Map<String, float[]> tensors, Map<String, long[]> shapes) throws IOException {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (var e : tensors.entrySet()) {
            if (header.length() > 1) header.append(',');
            long end = offset + 4L * e.getValue().length;
            header.append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(java.util.Arrays.toString(shapes.get(e.getKey())).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        byte[] h = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        for (float[] t : tensors.values()) for (float v : t) b.putFloat(v);
        Files.write(file, b.array());
    }

    private static void put(Map<String, float[]> tensors, Map<String, long[]> shapes, String name, float[] values, long... shape) {
        tensors.put(name, values);
        shapes.put(name, shape);
    }

    private static float[] gaussian(Random random, int n, double std) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) (random.nextGaussian() * std);
        return out;
    }

    private static float[] ones(int n) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, 1);
        return out;
    }
}
