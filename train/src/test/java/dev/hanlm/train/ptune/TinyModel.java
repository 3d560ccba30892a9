package dev.hanlm.train.ptune;

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

/** A small random GPT-2 over a byte-level tokenizer (id 0 the end of text, ids 1..256 the bytes), for the tuner's tests. */
final class TinyModel {
    static final int VOCAB = 257;

    private TinyModel() {}

    static Tokenizer tokenizer() {
        List<String> vocab = new ArrayList<>(List.of("<|endoftext|>"));
        for (int b = 0; b < 256; b++) vocab.add(String.valueOf(ByteLevel.charOf(b)));
        BpeModel model = new BpeModel(vocab.toArray(String[]::new), List.of(), BpeModel.Options.byteLevelDefaults());
        return Tokenizer.byteLevel(model, Normalizer.none(), List.of(AddedToken.special(0, "<|endoftext|>")), null);
    }

    /** Writes the model (2 layers, width 32, 4 heads, context 32; weights from N(0, std)) and its tokenizer into dir. */
    static Path write(Path dir, long seed, double std) {
        Gpt2Weights w = Gpt2Weights.zeros(new Gpt2Shape(VOCAB, 32, 2, 4, 32));
        Random random = new Random(seed);
        for (Gpt2Weights.Parameter p : w.parameters()) {
            boolean normWeight = p.name().contains(".ln_") && p.name().endsWith("weight");
            for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                w.values()[i] = normWeight ? 1f : (float) (random.nextGaussian() * (p.shape().length == 2 ? std : 0.02));
            }
        }
        w.save(dir, DType.F32, 0);
        tokenizer().save(dir);
        return dir;
    }
}
