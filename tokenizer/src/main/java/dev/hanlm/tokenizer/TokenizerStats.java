package dev.hanlm.tokenizer;

import java.util.BitSet;

/**
 * How a tokenizer cuts a text: tokens per character and per word, byte-fallback tokens, and how often
 * a token straddles a morpheme boundary of a reference segmentation (Nori's, or KLUE-DP's gold one).
 * A token crosses a boundary when the boundary lies strictly inside its span; only boundaries between
 * two non-space characters count (see {@link #innerBoundaries}), and with Nori not those between two
 * punctuation characters (see {@link #noriBoundaries}).
 */
public final class TokenizerStats {
    private TokenizerStats() {}

    /**
     * Sums over a set of texts; {@link #plus} adds two of them.
     *
     * @param texts            texts measured
     * @param characters       Unicode code points of the texts as given
     * @param words            runs of non-white-space characters in the texts as given
     * @param tokens           tokens the texts encode to
     * @param fallbackTokens   tokens that are raw bytes of a partial character, or the unknown token
     * @param referenceTexts   texts that had a usable reference segmentation
     * @param referenceTokens  tokens of those texts
     * @param crossingTokens   of those, tokens with a reference boundary strictly inside their span
     * @param boundaries       reference boundaries between two non-space characters
     * @param boundariesInside of those, boundaries that lie strictly inside some token
     */
    public record Counts(long texts, long characters, long words, long tokens, long fallbackTokens,
                         long referenceTexts, long referenceTokens, long crossingTokens, long boundaries,
                         long boundariesInside) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        public Counts plus(Counts o) {
            return new Counts(texts + o.texts, characters + o.characters, words + o.words, tokens + o.tokens,
                    fallbackTokens + o.fallbackTokens, referenceTexts + o.referenceTexts, referenceTokens + o.referenceTokens,
                    crossingTokens + o.crossingTokens, boundaries + o.boundaries, boundariesInside + o.boundariesInside);
        }

        public double tokensPerCharacter() {
            return ratio(tokens, characters);
        }

        public double tokensPerWord() {
            return ratio(tokens, words);
        }

        /** The share of tokens (of texts with a reference) that straddle a morpheme boundary. */
        public double crossingShare() {
            return ratio(crossingTokens, referenceTokens);
        }

        /** The share of morpheme boundaries that fall inside a token rather than between two tokens. */
        public double boundaryInsideShare() {
            return ratio(boundariesInside, boundaries);
        }

        public double fallbackShare() {
            return ratio(fallbackTokens, tokens);
        }

        private static double ratio(long a, long b) {
            return b == 0 ? Double.NaN : (double) a / b;
        }
    }

    /** How token spans and boundaries meet: tokens with a boundary inside, and boundaries inside a token. */
    public record Crossings(int crossingTokens, int boundariesInside) {}

    /**
     * Counts the tokens {@code [starts[i], ends[i])} that have a boundary b with {@code start < b < end},
     * and the boundaries that lie strictly inside at least one token.
     */
    public static Crossings crossings(int[] starts, int[] ends, BitSet boundaries) {
        if (starts.length != ends.length) throw new IllegalArgumentException("starts and ends differ in length");
        int crossing = 0;
        BitSet inside = new BitSet();
        for (int i = 0; i < starts.length; i++) {
            boolean crosses = false;
            for (int b = boundaries.nextSetBit(starts[i] + 1); b >= 0 && b < ends[i]; b = boundaries.nextSetBit(b + 1)) {
                crosses = true;
                inside.set(b);
            }
            if (crosses) crossing++;
        }
        return new Crossings(crossing, inside.cardinality());
    }

    /**
     * The boundaries that lie between two non-space characters of {@code text} (not at its ends, not
     * next to white space, not between the two halves of a surrogate pair).
     */
    public static BitSet innerBoundaries(String text, BitSet cuts) {
        BitSet out = new BitSet(text.length());
        for (int b = cuts.nextSetBit(1); b >= 0 && b < text.length(); b = cuts.nextSetBit(b + 1)) {
            char before = text.charAt(b - 1), after = text.charAt(b);
            if (CharClass.of(before) == CharClass.SPACE || CharClass.of(after) == CharClass.SPACE) continue;
            if (Character.isHighSurrogate(before) && Character.isLowSurrogate(after)) continue;
            out.set(b);
        }
        return out;
    }

    /**
     * Nori's morpheme boundaries of a text, as a reference. Nori makes every punctuation character a
     * token of its own ("...." is four), which no morpheme standard does (KLUE's gold morphemes keep
     * "...." whole), so boundaries between two punctuation or symbol characters are left out.
     */
    public static BitSet noriBoundaries(MorphemeAnalyzer nori, String text) {
        BitSet out = innerBoundaries(text, nori.boundaries(text));
        for (int b = out.nextSetBit(0); b >= 0; b = out.nextSetBit(b + 1)) {
            if (CharClass.of(text.codePointBefore(b)) == CharClass.OTHER && CharClass.of(text.codePointAt(b)) == CharClass.OTHER) out.clear(b);
        }
        return out;
    }

    /** Measures one text without a morpheme reference. */
    public static Counts measure(Tokenizer tokenizer, String text) {
        return measure(tokenizer, text, (BitSet) null);
    }

    /** Measures one text with Nori's morpheme boundaries (found on the normalized text) as the reference. */
    public static Counts measure(Tokenizer tokenizer, String text, MorphemeAnalyzer nori) {
        Encoding encoding = tokenizer.encodeWithOffsets(text);
        return count(tokenizer, text, encoding, noriBoundaries(nori, encoding.normalized()));
    }

    /**
     * Measures one text against reference boundaries given as char offsets of {@code text} itself
     * (null: none). When the tokenizer's normalizer changes the text's length the offsets no longer
     * fit, and the text counts only towards the figures that need no reference.
     */
    public static Counts measure(Tokenizer tokenizer, String text, BitSet reference) {
        Encoding encoding = tokenizer.encodeWithOffsets(text);
        BitSet boundaries = reference == null || encoding.normalized().length() != text.length() ? null
                : innerBoundaries(encoding.normalized(), reference);
        return count(tokenizer, text, encoding, boundaries);
    }

    private static Counts count(Tokenizer tokenizer, String text, Encoding encoding, BitSet boundaries) {
        int[] ids = encoding.ids();
        long fallback = 0;
        for (int id : ids) if (tokenizer.isFallback(id)) fallback++;
        long referenceTexts = 0, referenceTokens = 0, crossing = 0, boundaryCount = 0, inside = 0;
        if (boundaries != null) {
            Crossings c = crossings(encoding.starts(), encoding.ends(), boundaries);
            referenceTexts = 1;
            referenceTokens = ids.length;
            crossing = c.crossingTokens();
            boundaryCount = boundaries.cardinality();
            inside = c.boundariesInside();
        }
        return new Counts(1, text.codePointCount(0, text.length()), words(text), ids.length, fallback,
                referenceTexts, referenceTokens, crossing, boundaryCount, inside);
    }

    /** Runs of characters that are not white space (Unicode White_Space). */
    public static long words(String text) {
        long words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = CharClass.of(text.charAt(i)) == CharClass.SPACE;
            if (!space && !inWord) words++;
            inWord = !space;
        }
        return words;
    }
}
