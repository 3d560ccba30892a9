package dev.hanlm.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Small tokenizers trained once on the first 4000 lines of the NSMC sample and shared by every test
 * class in the run, since a training costs seconds.
 */
final class TestTokenizers {
    private static Tokenizer byteLevel, morphemeAware, charLevel;

    private TestTokenizers() {}

    /** Byte-level BPE, GPT-2 split only, 1000 tokens. */
    static synchronized Tokenizer byteLevel() {
        if (byteLevel == null) byteLevel = train(TrainerConfig.defaults(1000).withMorphemeAware(false));
        return byteLevel;
    }

    /** Byte-level BPE with the Nori morpheme split (the HyperCLOVA setting), 1000 tokens. */
    static synchronized Tokenizer morphemeAware() {
        if (morphemeAware == null) morphemeAware = train(TrainerConfig.defaults(1000));
        return morphemeAware;
    }

    /** Char-level BPE with Metaspace and {@code <unk>} (KoGPT2-like), 1000 tokens over a 600-character alphabet. */
    static synchronized Tokenizer charLevel() {
        if (charLevel == null) charLevel = train(TrainerConfig.defaults(1000).withCharAlphabet(600));
        return charLevel;
    }

    static Tokenizer train(TrainerConfig config) {
        try {
            return new BpeTrainer(config).train(List.of(TestCorpus.nsmcHead(4000)), BpeTrainer.Progress.NONE).tokenizer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
