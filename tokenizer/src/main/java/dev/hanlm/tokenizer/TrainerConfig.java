package dev.hanlm.tokenizer;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link BpeTrainer} learns.
 *
 * @param vocabSize      the target vocabulary, special tokens and the alphabet included
 * @param minFrequency   a pair seen fewer times than this is never merged
 * @param specialTokens  added first, with the lowest ids
 * @param alphabet       BYTE: byte-level BPE (GPT-2, HyperCLOVA); CHAR: char-level BPE with an unknown
 *                       token and SentencePiece-style spaces (KoGPT2), kept for comparisons
 * @param limitAlphabet  CHAR only: the most frequent characters kept in the alphabet
 * @param morphemeAware  cut Korean words at Nori's morpheme boundaries before learning merges
 * @param userDictionary an optional Nori user dictionary (morpheme-aware only)
 * @param sample         the fraction of documents read, chosen by {@code seed} (1.0 reads all)
 * @param normalization  NFC by default; NFKC, or null for none
 */
public record TrainerConfig(int vocabSize, int minFrequency, List<String> specialTokens, Alphabet alphabet,
                            int limitAlphabet, boolean morphemeAware, Path userDictionary, double sample, long seed,
                            java.text.Normalizer.Form normalization, int threads) {
    public enum Alphabet { BYTE, CHAR }

    public static final String END_OF_TEXT = "<|endoftext|>";
    public static final String UNKNOWN = "<unk>";

    public TrainerConfig {
        specialTokens = List.copyOf(specialTokens);
        if (minFrequency < 1) throw new TokenizerException("the minimum frequency must be at least 1, not " + minFrequency);
        if (!(sample > 0 && sample <= 1)) throw new TokenizerException("the sample fraction must be in (0, 1], not " + sample);
        if (threads < 1) throw new TokenizerException("threads must be at least 1");
        if (alphabet == Alphabet.CHAR && morphemeAware) throw new TokenizerException("the morpheme split is for byte-level BPE; train char-level BPE without it");
        if (userDictionary != null && !morphemeAware) throw new TokenizerException("a user dictionary needs --morpheme-aware");
        if (new java.util.HashSet<>(specialTokens).size() != specialTokens.size()) throw new TokenizerException("the special tokens repeat one another");
        int floor = alphabet == Alphabet.BYTE ? 256 + specialTokens.size() : specialTokens.size() + 1;
        if (vocabSize < floor) {
            throw new TokenizerException("vocab size " + vocabSize + " is smaller than the " + (alphabet == Alphabet.BYTE
                    ? "byte alphabet (256) plus " + specialTokens.size() + " special tokens = " + floor
                    : "special tokens plus one character"));
        }
    }

    /** Byte-level, morpheme-aware, NFC, {@code <|endoftext|>}: the HyperCLOVA setting. */
    public static TrainerConfig defaults(int vocabSize) {
        return new TrainerConfig(vocabSize, 2, List.of(END_OF_TEXT), Alphabet.BYTE, 0, true, null, 1.0, 42,
                java.text.Normalizer.Form.NFC, Runtime.getRuntime().availableProcessors());
    }

    public TrainerConfig withMorphemeAware(boolean on) {
        return new TrainerConfig(vocabSize, minFrequency, specialTokens, alphabet, limitAlphabet, on, on ? userDictionary : null,
                sample, seed, normalization, threads);
    }

    public TrainerConfig withCharAlphabet(int limit) {
        List<String> specials = specialTokens.contains(UNKNOWN) ? specialTokens
                : java.util.stream.Stream.concat(specialTokens.stream(), java.util.stream.Stream.of(UNKNOWN)).toList();
        return new TrainerConfig(vocabSize, minFrequency, specials, Alphabet.CHAR, limit, false, null, sample, seed, normalization, threads);
    }

    public TrainerConfig withSample(double fraction, long seed) {
        return new TrainerConfig(vocabSize, minFrequency, specialTokens, alphabet, limitAlphabet, morphemeAware, userDictionary,
                fraction, seed, normalization, threads);
    }

    public Normalizer normalizer() {
        return normalization == null ? Normalizer.none() : new Normalizer.Unicode(normalization);
    }
}
