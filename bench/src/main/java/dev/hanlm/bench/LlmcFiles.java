package dev.hanlm.bench;

import dev.hanlm.engine.grad.Gpt2Shape;
import dev.hanlm.engine.grad.Gpt2Weights;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * llm.c's input files, little-endian with a 256-int header each: the model checkpoint that {@code train_gpt2.c}'s
 * {@code gpt2_build_from_checkpoint} reads and the uint16 token files of {@code llmc/dataloader.h}.
 */
final class LlmcFiles {
    private static final int HEADER_INTS = 256;
    private static final int MODEL_MAGIC = 20240326, MODEL_VERSION = 3, TOKENS_MAGIC = 20240520, TOKENS_VERSION = 1;
    /** Per-layer tensors in llm.c's order, each stacked over the layers; hanlm's (HF) names. */
    private static final List<String> LAYER_TENSORS = List.of("ln_1.weight", "ln_1.bias", "attn.c_attn.weight",
            "attn.c_attn.bias", "attn.c_proj.weight", "attn.c_proj.bias", "ln_2.weight", "ln_2.bias", "mlp.c_fc.weight",
            "mlp.c_fc.bias", "mlp.c_proj.weight", "mlp.c_proj.bias");

    private LlmcFiles() {}

    /** llm.c pads the vocabulary to a multiple of 128 (50257 -> 50304); the padding rows of wte are zero. */
    private static int paddedVocab(int vocab) {
        return Math.ceilDiv(vocab, 128) * 128;
    }

    /** The checkpoint of {@code w}: header (magic, version, maxT, V, L, NH, C, Vp), then every parameter in f32. */
    static void writeModel(Gpt2Weights w, Path file) throws IOException {
        Gpt2Shape s = w.shape();
        int vp = paddedVocab(s.vocabSize());
        write(file, out -> {
            out.ints(MODEL_MAGIC, MODEL_VERSION, s.contextLength(), s.vocabSize(), s.layers(), s.heads(), s.dModel(), vp);
            out.floats(w, "wte.weight", false);
            out.zeros((long) (vp - s.vocabSize()) * s.dModel());
            out.floats(w, "wpe.weight", false);
            for (String tensor : LAYER_TENSORS) {
                for (int l = 0; l < s.layers(); l++) out.floats(w, "h." + l + "." + tensor, true);
            }
            out.floats(w, "ln_f.weight", false);
            out.floats(w, "ln_f.bias", false);
        });
    }

    /** A token file: header (magic, version, count), then the tokens as uint16. */
    static void writeTokens(int[] tokens, Path file) throws IOException {
        write(file, out -> {
            out.ints(TOKENS_MAGIC, TOKENS_VERSION, tokens.length);
            for (int t : tokens) out.put(2).putShort((short) t);
        });
    }

    private interface Body {
        void write(Out out) throws IOException;
    }

    /** Writes under a temporary name, then moves it into place. */
    private static void write(Path file, Body body) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (Out out = new Out(Files.newOutputStream(temp))) {
            body.write(out);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A little-endian stream through a small buffer. */
    private static final class Out implements AutoCloseable {
        private final OutputStream stream;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        Out(OutputStream stream) {
            this.stream = new BufferedOutputStream(stream, 1 << 16);
        }

        /** The buffer, with room for {@code bytes} more. */
        ByteBuffer put(int bytes) throws IOException {
            if (buffer.remaining() < bytes) {
                stream.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return buffer;
        }

        /** A 256-int header starting with {@code values}. */
        void ints(int... values) throws IOException {
            for (int i = 0; i < HEADER_INTS; i++) put(4).putInt(i < values.length ? values[i] : 0);
        }

        void zeros(long count) throws IOException {
            for (long i = 0; i < count; i++) put(4).putFloat(0f);
        }

        /**
         * One of hanlm's tensors; with {@code linear}, a 2-D one is a Conv1D weight, stored [in, out] as in HF, and is
         * written transposed, [out, in], as llm.c's matmuls take it (torch.nn.Linear's layout).
         */
        void floats(Gpt2Weights w, String name, boolean linear) throws IOException {
            Gpt2Weights.Parameter p = w.parameters().stream().filter(x -> x.name().equals("transformer." + name)).findFirst().orElseThrow();
            float[] v = w.values();
            if (!linear || p.shape().length != 2) {
                for (int i = 0; i < p.size(); i++) put(4).putFloat(v[p.offset() + i]);
                return;
            }
            int rows = p.shape()[0], cols = p.shape()[1];
            for (int c = 0; c < cols; c++) {
                for (int r = 0; r < rows; r++) put(4).putFloat(v[p.offset() + r * cols + c]);
            }
        }

        @Override
        public void close() throws IOException {
            stream.write(buffer.array(), 0, buffer.position());
            stream.close();
        }
    }
}
