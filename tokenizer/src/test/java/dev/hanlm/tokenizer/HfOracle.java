package dev.hanlm.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** HF tokenizers (the Rust library, through DJL) opened on a tokenizer.json with nothing added: no truncation, no padding. */
final class HfOracle {
    private HfOracle() {}

    static HuggingFaceTokenizer open(Path tokenizerJson) {
        try {
            return HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("truncation", "false", "padding", "false", "modelMaxLength", "100000000"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long[] longs(int[] ids) {
        long[] out = new long[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = ids[i];
        return out;
    }
}
