package dev.hanlm.engine;

import dev.hanlm.tokenizer.AddedToken;
import dev.hanlm.tokenizer.BpeModel;
import dev.hanlm.tokenizer.ByteLevel;
import dev.hanlm.tokenizer.Normalizer;
import dev.hanlm.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Tiny GPT-2 models with a byte-level tokenizer, for the tests of generation: a random one, and a scripted one whose
 * most likely token at each position is fixed, so that a test can make a real model emit any token sequence.
 */
final class TinyModels {
    static final int EOS = 0;

    private TinyModels() {}

    /**
     * Id 0 {@code <|endoftext|>}, ids 1..256 the single bytes, then the tokens the merges of {@code words} make (each
     * word merged left to right), so that these words encode to one token each and everything else to bytes.
     */
    static Tokenizer byteTokenizer(String... words) {
        List<String> vocab = new ArrayList<>(List.of("<|endoftext|>"));
        for (int b = 0; b < 256; b++) vocab.add(String.valueOf(ByteLevel.charOf(b)));
        List<String[]> merges = new ArrayList<>();
        for (String word : words) {
            String chars = ByteLevel.encode(word), merged = chars.substring(0, 1);
            for (int i = 1; i < chars.length(); i++) {
                String next = chars.substring(i, i + 1);
                if (!vocab.contains(merged + next)) {
                    merges.add(new String[] {merged, next});
                    vocab.add(merged + next);
                }
                merged += next;
            }
        }
        BpeModel model = new BpeModel(vocab.toArray(String[]::new), merges, BpeModel.Options.byteLevelDefaults());
        return Tokenizer.byteLevel(model, Normalizer.none(), List.of(AddedToken.special(EOS, "<|endoftext|>")), null);
    }

    /** The byte token ids of {@code text} (one token per UTF-8 byte), whatever the merges. */
    static int[] byteIds(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) ids[i] = 1 + (bytes[i] & 0xFF);
        return ids;
    }

    /** A GPT-2 with random weights (2 layers, width 24, 3 heads) over the tokenizer's vocabulary. */
    static Path random(Path dir, Tokenizer tokenizer, int context, long seed) throws IOException {
        return random(dir, tokenizer, tokenizer.vocabSize(), 24, 3, 40, context, seed);
    }

    /**
     * A GPT-2 with random weights, 2 layers of the given sizes; a vocabulary larger than the tokenizer's only widens
     * the embedding (ids the tokenizer never makes).
     */
    static Path random(Path dir, Tokenizer tokenizer, int vocab, int width, int heads, int inner, int context, long seed)
            throws IOException {
        Random random = new Random(seed);
        int layers = 2;
        Map<String, SafetensorsWriter.Tensor> t = new LinkedHashMap<>();
        t.put("wte.weight", f32(gaussian(random, vocab * width, 1), vocab, width));
        t.put("wpe.weight", f32(gaussian(random, context * width, 0.5), context, width));
        for (int l = 0; l < layers; l++) {
            String p = "h." + l + ".";
            t.put(p + "ln_1.weight", f32(filled(width, 1), width));
            t.put(p + "ln_1.bias", f32(filled(width, 0), width));
            t.put(p + "attn.c_attn.weight", f32(gaussian(random, width * 3 * width, 0.3), width, 3 * width));
            t.put(p + "attn.c_attn.bias", f32(gaussian(random, 3 * width, 0.1), 3 * width));
            t.put(p + "attn.c_proj.weight", f32(gaussian(random, width * width, 0.3), width, width));
            t.put(p + "attn.c_proj.bias", f32(filled(width, 0), width));
            t.put(p + "ln_2.weight", f32(filled(width, 1), width));
            t.put(p + "ln_2.bias", f32(filled(width, 0), width));
            t.put(p + "mlp.c_fc.weight", f32(gaussian(random, width * inner, 0.3), width, inner));
            t.put(p + "mlp.c_fc.bias", f32(filled(inner, 0), inner));
            t.put(p + "mlp.c_proj.weight", f32(gaussian(random, inner * width, 0.3), inner, width));
            t.put(p + "mlp.c_proj.bias", f32(filled(width, 0), width));
        }
        t.put("ln_f.weight", f32(filled(width, 1), width));
        t.put("ln_f.bias", f32(filled(width, 0), width));
        return write(dir, tokenizer, t, vocab, width, heads, layers, inner, context, true);
    }

    /**
     * A GPT-2 whose logits after the token at position p make {@code script[p]} the most likely next token by a wide
     * margin, whatever the tokens: positions are one-hot (width = context = script length), the blocks add nothing,
     * and an untied head maps position p to {@code script[p]}. Small random values elsewhere in the head keep the
     * other logits distinct.
     */
    static Path scripted(Path dir, Tokenizer tokenizer, int[] script) throws IOException {
        Random random = new Random(7);
        int vocab = tokenizer.vocabSize(), width = script.length, inner = 4;
        float[] positions = new float[width * width];
        for (int p = 0; p < width; p++) positions[p * width + p] = 1;
        float[] head = gaussian(random, vocab * width, 0.05);
        for (int p = 0; p < width; p++) head[script[p] * width + p] = 20;
        Map<String, SafetensorsWriter.Tensor> t = new LinkedHashMap<>();
        t.put("wte.weight", f32(new float[vocab * width], vocab, width));
        t.put("wpe.weight", f32(positions, width, width));
        t.put("h.0.ln_1.weight", f32(filled(width, 1), width));
        t.put("h.0.ln_1.bias", f32(filled(width, 0), width));
        t.put("h.0.attn.c_attn.weight", f32(new float[width * 3 * width], width, 3 * width));
        t.put("h.0.attn.c_attn.bias", f32(filled(3 * width, 0), 3 * width));
        t.put("h.0.attn.c_proj.weight", f32(new float[width * width], width, width));
        t.put("h.0.attn.c_proj.bias", f32(filled(width, 0), width));
        t.put("h.0.ln_2.weight", f32(filled(width, 1), width));
        t.put("h.0.ln_2.bias", f32(filled(width, 0), width));
        t.put("h.0.mlp.c_fc.weight", f32(new float[width * inner], width, inner));
        t.put("h.0.mlp.c_fc.bias", f32(filled(inner, 0), inner));
        t.put("h.0.mlp.c_proj.weight", f32(new float[inner * width], inner, width));
        t.put("h.0.mlp.c_proj.bias", f32(filled(width, 0), width));
        t.put("ln_f.weight", f32(filled(width, 1), width));
        t.put("ln_f.bias", f32(filled(width, 0), width));
        t.put("lm_head.weight", f32(head, vocab, width));
        return write(dir, tokenizer, t, vocab, width, 1, 1, inner, width, false);
    }

    /** A script that, after a prompt of {@code promptLength} tokens, makes the model emit {@code output}, then EOS. */
    static int[] script(int promptLength, int[] output, int context) {
        int[] script = new int[context];
        System.arraycopy(output, 0, script, promptLength - 1, output.length);
        script[promptLength - 1 + output.length] = EOS;
        return script;
    }

    private static Path write(Path dir, Tokenizer tokenizer, Map<String, SafetensorsWriter.Tensor> tensors, int vocab,
                              int width, int heads, int layers, int inner, int context, boolean tied) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), """
                {"model_type": "gpt2", "vocab_size": %d, "n_embd": %d, "n_head": %d, "n_layer": %d, "n_inner": %d,
                 "n_positions": %d, "tie_word_embeddings": %s, "bos_token_id": 0, "eos_token_id": 0}
                """.formatted(vocab, width, heads, layers, inner, context, tied));
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": " + EOS + "}");
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
        tokenizer.save(dir);
        return dir;
    }

    private static float[] gaussian(Random random, int n, double std) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) (random.nextGaussian() * std);
        return out;
    }

    private static float[] filled(int n, float value) {
        float[] out = new float[n];
        Arrays.fill(out, value);
        return out;
    }

    private static SafetensorsWriter.Tensor f32(float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return new SafetensorsWriter.Tensor("F32", shape, b.array());
    }
}
