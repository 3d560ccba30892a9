package dev.hanlm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes one seeded random-weight model twice: as a Hugging Face directory ({@code config.json},
 * {@code model.safetensors}, {@code tokenizer.json}, {@code generation_config.json}) for hanlm and Jlama, and as a
 * GGUF v3 file for llama.cpp, holding the same numbers (each tensor is generated once and written to both).
 * <p>
 * GGUF is written here from its specification (llama.cpp's {@code ggml/include/gguf.h} and {@code gguf-py}): the
 * header, the metadata key/values llama.cpp's loader asks for, one info record per tensor (dimensions innermost
 * first, so {@code ne[0]} is the row length), then the data, each tensor aligned to 32 bytes. The tensors get
 * llama.cpp's names and layout: GPT-2's Conv1D weights ([in][out] in HF) are transposed to [out][in], and Llama's
 * q/k projections are permuted from HF's rotate-half order to the interleaved pairs llama.cpp's rope reads (as
 * {@code convert_hf_to_gguf.py} does), so both engines compute the same function. The vocabulary is a valid byte-level
 * BPE: the 256 byte symbols of GPT-2 and then two-symbol merges up to the vocabulary size.
 *
 * <p>Usage: {@code RandomModel --shape gpt2-small|llama-0.5b --dtype f32|bf16|f16 --hf DIR --gguf FILE [--seed 42]}
 */
public final class RandomModel {
    /** The sizes of a decoder. */
    public record Shape(String name, String arch, int vocab, int hidden, int layers, int heads, int kvHeads, int ffn,
                        int context) {
        int headDim() {
            return hidden / heads;
        }

        int kvDim() {
            return kvHeads * headDim();
        }

        public static Shape named(String name) {
            return switch (name) {
                // GPT-2 small (124M): the HyperCLOVA / GPT-3 shape at its smallest
                case "gpt2-small" -> new Shape(name, "gpt2", 50257, 768, 12, 12, 12, 3072, 1024);
                // a 0.5B Llama (the width and depth of Qwen2-0.5B) with a 32k vocabulary
                case "llama-0.5b" -> new Shape(name, "llama", 32000, 896, 24, 14, 2, 4864, 2048);
                default -> throw new IllegalArgumentException("unknown shape '" + name + "' (expected gpt2-small or llama-0.5b)");
            };
        }
    }

    /** How a tensor's HF layout becomes its GGUF layout. */
    enum Transform { NONE, TRANSPOSE, PERMUTE_Q, PERMUTE_K }

    /** How a tensor is filled. */
    enum Init { WEIGHT, ONES, ZEROS }

    /**
     * One tensor: HF name and shape (outermost first), GGUF name, GGUF dims (innermost first), layout change, fill,
     * and whether it is written to the GGUF file alone (a copy of the HF tensor of that name). Vectors (norms, biases)
     * stay f32 in both files, as the converters keep them.
     */
    record Spec(String hfName, long[] hfShape, String ggufName, long[] ggufDims, Transform transform, Init init, boolean ggufOnly) {
        Spec(String hfName, long[] hfShape, String ggufName, long[] ggufDims, Transform transform, Init init) {
            this(hfName, hfShape, ggufName, ggufDims, transform, init, false);
        }

        long elements() {
            long n = 1;
            for (long d : hfShape) n *= d;
            return n;
        }

        boolean vector() {
            return hfShape.length == 1;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final float STD = 0.02f;
    private static final int GGUF_ALIGNMENT = 32;

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        if (!opts.containsKey("shape") || !opts.containsKey("hf") || !opts.containsKey("gguf")) {
            System.err.println("usage: RandomModel --shape gpt2-small|llama-0.5b --dtype f32|bf16|f16 --hf DIR --gguf FILE [--seed 42]");
            System.exit(2);
        }
        Shape shape = Shape.named(opts.get("shape"));
        String dtype = opts.getOrDefault("dtype", "f32").toLowerCase(Locale.ROOT);
        if (!List.of("f32", "bf16", "f16").contains(dtype)) throw new IllegalArgumentException("--dtype must be f32, bf16 or f16");
        long seed = Long.parseLong(opts.getOrDefault("seed", "42"));
        long t0 = System.nanoTime();
        write(shape, dtype, seed, Path.of(opts.get("hf")), Path.of(opts.get("gguf")));
        System.out.printf(Locale.ROOT, "wrote %s %s (seed %d) to %s and %s in %.1f s%n", shape.name(), dtype, seed,
                opts.get("hf"), opts.get("gguf"), (System.nanoTime() - t0) / 1e9);
    }

    static List<Spec> specs(Shape s) {
        List<Spec> list = new ArrayList<>();
        long C = s.hidden(), V = s.vocab(), H = s.ffn(), KV = s.kvDim();
        if (s.arch().equals("gpt2")) {
            list.add(new Spec("wte.weight", new long[] {V, C}, "token_embd.weight", new long[] {C, V}, Transform.NONE, Init.WEIGHT));
            list.add(new Spec("wpe.weight", new long[] {s.context(), C}, "position_embd.weight", new long[] {C, s.context()},
                    Transform.NONE, Init.WEIGHT));
            for (int i = 0; i < s.layers(); i++) {
                String h = "h." + i + ".", b = "blk." + i + ".";
                list.add(new Spec(h + "ln_1.weight", new long[] {C}, b + "attn_norm.weight", new long[] {C}, Transform.NONE, Init.ONES));
                list.add(new Spec(h + "ln_1.bias", new long[] {C}, b + "attn_norm.bias", new long[] {C}, Transform.NONE, Init.ZEROS));
                list.add(new Spec(h + "attn.c_attn.weight", new long[] {C, 3 * C}, b + "attn_qkv.weight", new long[] {C, 3 * C},
                        Transform.TRANSPOSE, Init.WEIGHT));
                list.add(new Spec(h + "attn.c_attn.bias", new long[] {3 * C}, b + "attn_qkv.bias", new long[] {3 * C}, Transform.NONE, Init.ZEROS));
                list.add(new Spec(h + "attn.c_proj.weight", new long[] {C, C}, b + "attn_output.weight", new long[] {C, C},
                        Transform.TRANSPOSE, Init.WEIGHT));
                list.add(new Spec(h + "attn.c_proj.bias", new long[] {C}, b + "attn_output.bias", new long[] {C}, Transform.NONE, Init.ZEROS));
                list.add(new Spec(h + "ln_2.weight", new long[] {C}, b + "ffn_norm.weight", new long[] {C}, Transform.NONE, Init.ONES));
                list.add(new Spec(h + "ln_2.bias", new long[] {C}, b + "ffn_norm.bias", new long[] {C}, Transform.NONE, Init.ZEROS));
                list.add(new Spec(h + "mlp.c_fc.weight", new long[] {C, H}, b + "ffn_up.weight", new long[] {C, H},
                        Transform.TRANSPOSE, Init.WEIGHT));
                list.add(new Spec(h + "mlp.c_fc.bias", new long[] {H}, b + "ffn_up.bias", new long[] {H}, Transform.NONE, Init.ZEROS));
                list.add(new Spec(h + "mlp.c_proj.weight", new long[] {H, C}, b + "ffn_down.weight", new long[] {H, C},
                        Transform.TRANSPOSE, Init.WEIGHT));
                list.add(new Spec(h + "mlp.c_proj.bias", new long[] {C}, b + "ffn_down.bias", new long[] {C}, Transform.NONE, Init.ZEROS));
            }
            list.add(new Spec("ln_f.weight", new long[] {C}, "output_norm.weight", new long[] {C}, Transform.NONE, Init.ONES));
            list.add(new Spec("ln_f.bias", new long[] {C}, "output_norm.bias", new long[] {C}, Transform.NONE, Init.ZEROS));
            // the tied head again: some llama.cpp builds (b4748, for one) refuse a GPT-2 without an output.weight
            list.add(new Spec("wte.weight", new long[] {V, C}, "output.weight", new long[] {C, V}, Transform.NONE, Init.WEIGHT, true));
        } else {
            long Q = (long) s.heads() * s.headDim();
            list.add(new Spec("model.embed_tokens.weight", new long[] {V, C}, "token_embd.weight", new long[] {C, V}, Transform.NONE, Init.WEIGHT));
            for (int i = 0; i < s.layers(); i++) {
                String l = "model.layers." + i + ".", b = "blk." + i + ".";
                list.add(new Spec(l + "input_layernorm.weight", new long[] {C}, b + "attn_norm.weight", new long[] {C}, Transform.NONE, Init.ONES));
                list.add(new Spec(l + "self_attn.q_proj.weight", new long[] {Q, C}, b + "attn_q.weight", new long[] {C, Q}, Transform.PERMUTE_Q, Init.WEIGHT));
                list.add(new Spec(l + "self_attn.k_proj.weight", new long[] {KV, C}, b + "attn_k.weight", new long[] {C, KV}, Transform.PERMUTE_K, Init.WEIGHT));
                list.add(new Spec(l + "self_attn.v_proj.weight", new long[] {KV, C}, b + "attn_v.weight", new long[] {C, KV}, Transform.NONE, Init.WEIGHT));
                list.add(new Spec(l + "self_attn.o_proj.weight", new long[] {C, Q}, b + "attn_output.weight", new long[] {Q, C}, Transform.NONE, Init.WEIGHT));
                list.add(new Spec(l + "post_attention_layernorm.weight", new long[] {C}, b + "ffn_norm.weight", new long[] {C}, Transform.NONE, Init.ONES));
                list.add(new Spec(l + "mlp.gate_proj.weight", new long[] {H, C}, b + "ffn_gate.weight", new long[] {C, H}, Transform.NONE, Init.WEIGHT));
                list.add(new Spec(l + "mlp.up_proj.weight", new long[] {H, C}, b + "ffn_up.weight", new long[] {C, H}, Transform.NONE, Init.WEIGHT));
                list.add(new Spec(l + "mlp.down_proj.weight", new long[] {C, H}, b + "ffn_down.weight", new long[] {H, C}, Transform.NONE, Init.WEIGHT));
            }
            list.add(new Spec("model.norm.weight", new long[] {C}, "output_norm.weight", new long[] {C}, Transform.NONE, Init.ONES));
            list.add(new Spec("lm_head.weight", new long[] {V, C}, "output.weight", new long[] {C, V}, Transform.NONE, Init.WEIGHT));
        }
        return list;
    }

    /** Writes both forms of the model; each file goes to a temporary name first and is moved into place when whole. */
    public static void write(Shape shape, String dtype, long seed, Path hfDir, Path gguf) throws IOException {
        Files.createDirectories(hfDir);
        if (gguf.getParent() != null) Files.createDirectories(gguf.getParent());
        List<Spec> specs = specs(shape);
        String stDtype = switch (dtype) { case "bf16" -> "BF16"; case "f16" -> "F16"; default -> "F32"; };
        int ggmlType = switch (dtype) { case "bf16" -> 30; case "f16" -> 1; default -> 0; };
        int width = dtype.equals("f32") ? 4 : 2;

        // safetensors: an 8-byte header length, the JSON header (padded with spaces to 8 bytes), then the data
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt").put("source", "hanlm bench RandomModel, seed " + seed);
        long[] stOffsets = new long[specs.size()];
        long stPos = 0;
        for (int i = 0; i < specs.size(); i++) {
            Spec sp = specs.get(i);
            if (sp.ggufOnly()) continue;
            int w = sp.vector() ? 4 : width;
            ObjectNode t = header.putObject(sp.hfName());
            t.put("dtype", sp.vector() ? "F32" : stDtype);
            ArrayNode shapeNode = t.putArray("shape");
            for (long d : sp.hfShape()) shapeNode.add(d);
            stOffsets[i] = stPos;
            stPos += sp.elements() * w;
            t.putArray("data_offsets").add(stOffsets[i]).add(stPos);
        }
        byte[] headerBytes = JSON.writeValueAsBytes(header);
        int padded = (headerBytes.length + 7) / 8 * 8;
        ByteBuffer stHead = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        stHead.putLong(padded).put(headerBytes);
        while (stHead.hasRemaining()) stHead.put((byte) ' ');
        stHead.flip();
        long stDataStart = 8 + padded;

        // GGUF: header, metadata, tensor infos, padding, data
        GgufWriter meta = new GgufWriter();
        long[] ggOffsets = new long[specs.size()];
        long ggPos = 0;
        for (int i = 0; i < specs.size(); i++) {
            ggOffsets[i] = ggPos;
            Spec sp = specs.get(i);
            ggPos += align(sp.elements() * (sp.vector() ? 4 : width), GGUF_ALIGNMENT);
        }
        byte[] ggHead = meta.header(shape, specs, ggOffsets, ggmlType, dtype, seed);
        long ggDataStart = align(ggHead.length, GGUF_ALIGNMENT);

        Path stTmp = hfDir.resolve("model.safetensors.tmp"), ggTmp = gguf.resolveSibling(gguf.getFileName() + ".tmp");
        try (FileChannel st = FileChannel.open(stTmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             FileChannel gg = FileChannel.open(ggTmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(st, stHead, 0);
            writeFully(gg, ByteBuffer.wrap(ggHead), 0);
            for (int i = 0; i < specs.size(); i++) {
                Spec sp = specs.get(i);
                float[] v = fill(sp, seed);
                int w = sp.vector() ? 4 : width;
                String enc = sp.vector() ? "f32" : dtype;
                if (!sp.ggufOnly()) writeFully(st, encode(v, enc), stDataStart + stOffsets[i]);
                writeFully(gg, encode(toGguf(sp, v, shape), enc), ggDataStart + ggOffsets[i]);
                long end = ggDataStart + ggOffsets[i] + sp.elements() * w, aligned = ggDataStart + align(ggOffsets[i] + sp.elements() * w, GGUF_ALIGNMENT);
                if (aligned > end) writeFully(gg, ByteBuffer.allocate((int) (aligned - end)), end);
            }
        }
        Files.move(stTmp, hfDir.resolve("model.safetensors"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(ggTmp, gguf, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        writeJson(hfDir.resolve("config.json"), config(shape, stDtype));
        writeJson(hfDir.resolve("generation_config.json"), JSON.createObjectNode().put("bos_token_id", 0).put("eos_token_id", 1));
        writeJson(hfDir.resolve("tokenizer.json"), tokenizerJson(shape.vocab()));
    }

    private static ObjectNode config(Shape s, String stDtype) {
        ObjectNode c = JSON.createObjectNode();
        String torchDtype = switch (stDtype) { case "BF16" -> "bfloat16"; case "F16" -> "float16"; default -> "float32"; };
        if (s.arch().equals("gpt2")) {
            c.putArray("architectures").add("GPT2LMHeadModel");
            c.put("model_type", "gpt2").put("vocab_size", s.vocab()).put("n_embd", s.hidden()).put("n_layer", s.layers())
                    .put("n_head", s.heads()).put("n_positions", s.context()).put("n_ctx", s.context())
                    .put("activation_function", "gelu_new").put("layer_norm_epsilon", 1e-5).put("tie_word_embeddings", true);
        } else {
            c.putArray("architectures").add("LlamaForCausalLM");
            c.put("model_type", "llama").put("vocab_size", s.vocab()).put("hidden_size", s.hidden())
                    .put("intermediate_size", s.ffn()).put("num_hidden_layers", s.layers()).put("num_attention_heads", s.heads())
                    .put("num_key_value_heads", s.kvHeads()).put("max_position_embeddings", s.context()).put("rms_norm_eps", 1e-6)
                    .put("rope_theta", 10000.0).put("hidden_act", "silu").put("tie_word_embeddings", false);
        }
        return c.put("bos_token_id", 0).put("eos_token_id", 1).put("torch_dtype", torchDtype);
    }

    /** The tensor's values in HF layout; a seeded stream per tensor, uniform with standard deviation {@link #STD}. */
    static float[] fill(Spec sp, long seed) {
        float[] v = new float[Math.toIntExact(sp.elements())];
        switch (sp.init()) {
            case ONES -> java.util.Arrays.fill(v, 1f);
            case ZEROS -> { }
            case WEIGHT -> {
                SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + sp.hfName().hashCode());
                float a = (float) (STD * Math.sqrt(3));
                for (int i = 0; i < v.length; i++) v[i] = (float) ((r.nextDouble() * 2 - 1) * a);
            }
        }
        return v;
    }

    /** The values in GGUF layout (row-major with ne[0] as the row length). */
    static float[] toGguf(Spec sp, float[] v, Shape s) {
        return switch (sp.transform()) {
            case NONE -> v;
            case TRANSPOSE -> {
                int rows = (int) sp.hfShape()[0], cols = (int) sp.hfShape()[1];
                float[] t = new float[v.length];
                for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = v[r * cols + c];
                yield t;
            }
            case PERMUTE_Q, PERMUTE_K -> {
                // convert_hf_to_gguf's permute: per head, row (half, i) moves to (i, half)
                int heads = sp.transform() == Transform.PERMUTE_Q ? s.heads() : s.kvHeads();
                int hd = s.headDim(), cols = (int) sp.hfShape()[1];
                float[] t = new float[v.length];
                for (int h = 0; h < heads; h++) {
                    for (int half = 0; half < 2; half++) {
                        for (int i = 0; i < hd / 2; i++) {
                            int src = h * hd + half * (hd / 2) + i, dst = h * hd + 2 * i + half;
                            System.arraycopy(v, src * cols, t, dst * cols, cols);
                        }
                    }
                }
                yield t;
            }
        };
    }

    static ByteBuffer encode(float[] v, String dtype) {
        ByteBuffer b = ByteBuffer.allocate(v.length * (dtype.equals("f32") ? 4 : 2)).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case "f32" -> b.asFloatBuffer().put(v);
            case "bf16" -> {
                var sb = b.asShortBuffer();
                for (float f : v) sb.put(toBf16(f));
            }
            case "f16" -> {
                var sb = b.asShortBuffer();
                for (float f : v) sb.put(Float.floatToFloat16(f));
            }
            default -> throw new IllegalArgumentException(dtype);
        }
        return b;
    }

    /** Round to nearest even, as torch's {@code .to(torch.bfloat16)}. */
    static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (short) 0x7FC0;
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    private static long align(long n, int a) {
        return (n + a - 1) / a * a;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) pos += ch.write(b, pos);
    }

    private static void writeJson(Path file, ObjectNode node) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), node);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** GPT-2's printable stand-ins for the 256 byte values (openai/gpt-2 encoder.py bytes_to_unicode). */
    static String[] byteSymbols() {
        String[] sym = new String[256];
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            sym[b] = Character.toString(printable ? b : 256 + n++);
        }
        return sym;
    }

    /** Token {@code id}: a byte symbol below 256, else the merge of two byte symbols. */
    static String token(String[] sym, int id) {
        if (id < 256) return sym[id];
        int k = id - 256;
        return sym[k / 256] + sym[k % 256];
    }

    static String merge(String[] sym, int id) {
        int k = id - 256;
        return sym[k / 256] + " " + sym[k % 256];
    }

    private static ObjectNode tokenizerJson(int vocab) {
        String[] sym = byteSymbols();
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putArray("added_tokens");
        root.putNull("normalizer");
        root.putObject("pre_tokenizer").put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true)
                .put("use_regex", true);
        root.putNull("post_processor");
        root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", true).put("trim_offsets", true)
                .put("use_regex", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE").putNull("dropout").putNull("unk_token").putNull("continuing_subword_prefix")
                .putNull("end_of_word_suffix").put("fuse_unk", false).put("byte_fallback", false).put("ignore_merges", false);
        ObjectNode v = model.putObject("vocab");
        for (int id = 0; id < vocab; id++) v.put(token(sym, id), id);
        ArrayNode merges = model.putArray("merges");
        for (int id = 256; id < vocab; id++) merges.add(merge(sym, id));
        return root;
    }

    /** The GGUF header: magic, version, counts, metadata key/values and tensor infos, little-endian. */
    static final class GgufWriter {
        private static final int UINT32 = 4, INT32 = 5, FLOAT32 = 6, STRING = 8, ARRAY = 9;
        private ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private int kvCount;

        byte[] header(Shape s, List<Spec> specs, long[] offsets, int ggmlType, String dtype, long seed) {
            ByteBuffer kv = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            b = kv;
            String a = s.arch();
            kvString("general.architecture", a);
            kvString("general.name", "hanlm-random-" + s.name() + "-" + dtype + "-seed" + seed);
            kvU32("general.alignment", GGUF_ALIGNMENT);
            kvU32("general.file_type", switch (dtype) { case "bf16" -> 32; case "f16" -> 1; default -> 0; });
            kvU32(a + ".context_length", s.context());
            kvU32(a + ".embedding_length", s.hidden());
            kvU32(a + ".block_count", s.layers());
            kvU32(a + ".feed_forward_length", s.ffn());
            kvU32(a + ".attention.head_count", s.heads());
            kvU32(a + ".attention.head_count_kv", s.kvHeads());
            if (a.equals("gpt2")) {
                kvF32(a + ".attention.layer_norm_epsilon", 1e-5f);
            } else {
                kvF32(a + ".attention.layer_norm_rms_epsilon", 1e-6f);
                kvF32(a + ".rope.freq_base", 10000f);
                kvU32(a + ".rope.dimension_count", s.headDim());
                kvU32(a + ".vocab_size", s.vocab());
            }
            String[] sym = byteSymbols();
            kvString("tokenizer.ggml.model", "gpt2");
            kvString("tokenizer.ggml.pre", "gpt-2");
            key("tokenizer.ggml.tokens");
            b = grow(b, 16);
            b.putInt(ARRAY).putInt(STRING).putLong(s.vocab());
            for (int id = 0; id < s.vocab(); id++) string(token(sym, id));
            key("tokenizer.ggml.token_type");
            b = grow(b, 16 + 4L * s.vocab());
            b.putInt(ARRAY).putInt(INT32).putLong(s.vocab());
            for (int id = 0; id < s.vocab(); id++) b.putInt(1); // normal
            key("tokenizer.ggml.merges");
            b = grow(b, 16);
            b.putInt(ARRAY).putInt(STRING).putLong(s.vocab() - 256);
            for (int id = 256; id < s.vocab(); id++) string(merge(sym, id));
            kvU32("tokenizer.ggml.bos_token_id", 0);
            kvU32("tokenizer.ggml.eos_token_id", 1);
            for (int i = 0; i < specs.size(); i++) {
                Spec sp = specs.get(i);
                string(sp.ggufName());
                b = grow(b, 4 + 8L * sp.ggufDims().length + 12);
                b.putInt(sp.ggufDims().length);
                for (long d : sp.ggufDims()) b.putLong(d);
                b.putInt(sp.vector() ? 0 : ggmlType);
                b.putLong(offsets[i]);
            }
            kv = b;
            kv.flip();
            ByteBuffer out = ByteBuffer.allocate(24 + kv.remaining()).order(ByteOrder.LITTLE_ENDIAN);
            out.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(specs.size()).putLong(kvCount).put(kv);
            return out.array();
        }

        private void key(String k) {
            string(k);
            kvCount++;
        }

        private void kvString(String k, String v) {
            key(k);
            b = grow(b, 4);
            b.putInt(STRING);
            string(v);
        }

        private void kvU32(String k, int v) {
            key(k);
            b = grow(b, 8);
            b.putInt(UINT32).putInt(v);
        }

        private void kvF32(String k, float v) {
            key(k);
            b = grow(b, 8);
            b.putInt(FLOAT32).putFloat(v);
        }

        private void string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            b = grow(b, 8L + bytes.length);
            b.putLong(bytes.length).put(bytes);
        }

        private static ByteBuffer grow(ByteBuffer b, long need) {
            if (b.remaining() >= need) return b;
            ByteBuffer bigger = ByteBuffer.allocate((int) Math.max(2L * b.capacity(), b.position() + need + 1024)).order(ByteOrder.LITTLE_ENDIAN);
            b.flip();
            return bigger.put(b);
        }
    }
}
