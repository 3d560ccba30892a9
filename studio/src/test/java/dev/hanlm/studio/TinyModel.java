package dev.hanlm.studio;

import dev.hanlm.engine.grad.Gpt2Shape;
import dev.hanlm.engine.grad.Gpt2Weights;
import dev.hanlm.engine.kernels.DType;
import dev.hanlm.tokenizer.AddedToken;
import dev.hanlm.tokenizer.BpeModel;
import dev.hanlm.tokenizer.ByteLevel;
import dev.hanlm.tokenizer.Normalizer;
import dev.hanlm.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small random GPT-2 over a byte-level tokenizer (id 0 the end of text, ids 1..256 the bytes, so a Korean syllable
 * is three tokens), written as a Hugging Face directory for the server's tests.
 */
public final class TinyModel {
    public static final int CONTEXT = 64;

    private TinyModel() {}

    public static Path write(Path dir) {
        List<String> vocab = new ArrayList<>(List.of("<|endoftext|>"));
        for (int b = 0; b < 256; b++) vocab.add(String.valueOf(ByteLevel.charOf(b)));
        BpeModel bpe = new BpeModel(vocab.toArray(String[]::new), List.of(), BpeModel.Options.byteLevelDefaults());
        Tokenizer tokenizer = Tokenizer.byteLevel(bpe, Normalizer.none(), List.of(AddedToken.special(0, "<|endoftext|>")), null);
        Gpt2Weights w = Gpt2Weights.zeros(new Gpt2Shape(vocab.size(), CONTEXT, 2, 4, 32));
        Random random = new Random(11);
        for (Gpt2Weights.Parameter p : w.parameters()) {
            boolean normWeight = p.name().contains("ln_") && p.name().endsWith("weight");
            for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                w.values()[i] = normWeight ? 1f : (float) (random.nextGaussian() * (p.shape().length == 2 ? 0.3 : 0.02));
            }
        }
        w.save(dir, DType.F32, 0);
        tokenizer.save(dir);
        return dir;
    }
}
