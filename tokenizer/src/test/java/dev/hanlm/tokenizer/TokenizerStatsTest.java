package dev.hanlm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerStatsTest {
    private static BitSet bits(int... offsets) {
        BitSet b = new BitSet();
        for (int o : offsets) b.set(o);
        return b;
    }

    @Test
    void aTokenCrossesOnlyABoundaryStrictlyInsideIt() {
        // tokens [0,3) [3,5) [5,9) [9,10); boundaries at 2, 3, 6, 7 and 10
        int[] starts = {0, 3, 5, 9};
        int[] ends = {3, 5, 9, 10};
        // [0,3) holds 2; [3,5) has 3 only at its start; [5,9) holds 6 and 7; [9,10) has 10 only at its end
        TokenizerStats.Crossings c = TokenizerStats.crossings(starts, ends, bits(2, 3, 6, 7, 10));
        assertEquals(2, c.crossingTokens());
        assertEquals(3, c.boundariesInside()); // 2, 6, 7
    }

    @Test
    void boundariesOnTokenEdgesAreNotCrossed() {
        TokenizerStats.Crossings c = TokenizerStats.crossings(new int[] {0, 2, 4}, new int[] {2, 4, 6}, bits(0, 2, 4, 6));
        assertEquals(0, c.crossingTokens());
        assertEquals(0, c.boundariesInside());
    }

    @Test
    void overlappingAndEmptySpansAreCountedPerToken() {
        // a byte-level token holding part of a character covers that whole character, so two tokens can
        // share a span: [1,3) twice holds boundary 2 twice, but it is one boundary; [4,4) is empty
        TokenizerStats.Crossings c = TokenizerStats.crossings(new int[] {0, 1, 1, 4}, new int[] {1, 3, 3, 4}, bits(2, 4));
        assertEquals(2, c.crossingTokens());
        assertEquals(1, c.boundariesInside());
    }

    @Test
    void onlyBoundariesBetweenTwoNonSpaceCharactersCount() {
        String text = "ab cd\te";
        //             0123456 7
        BitSet all = bits(0, 1, 2, 3, 4, 5, 6, 7);
        // 1 (a|b) and 4 (c|d) are inside words; 0 and 7 are the ends; 2, 3, 5, 6 touch white space
        assertEquals(bits(1, 4), TokenizerStats.innerBoundaries(text, all));
        String emoji = "a\uD83D\uDE00b";
        assertEquals(bits(1, 3), TokenizerStats.innerBoundaries(emoji, bits(1, 2, 3)));
    }

    @Test
    void noriBoundariesInsideAPunctuationRunAreLeftOut() {
        MorphemeAnalyzer nori = MorphemeAnalyzer.withoutDictionary();
        String text = "최고!!!! 정말...";
        //             01 2345 6 78 901
        // Nori cuts 최고|!|!|!|! and 정말|.|.|. ; only the cuts between a word and its punctuation stay
        assertTrue(nori.boundaries(text).get(3), "Nori itself cuts between two '!'");
        assertEquals(bits(2, 9), TokenizerStats.noriBoundaries(nori, text));
    }

    @Test
    void wordsAreRunsOfNonWhiteSpace() {
        assertEquals(0, TokenizerStats.words(""));
        assertEquals(0, TokenizerStats.words(" \t\n"));
        assertEquals(3, TokenizerStats.words("  유희열이\u3000눈물을\n흘렸다.  "));
    }

    @Test
    void aTokenizerWithoutMergesGivesOneTokenPerByte() {
        Tokenizer bytes = TestTokenizers.train(TrainerConfig.defaults(257).withMorphemeAware(false));
        String text = "유희열이 눈물을 흘렸다.";
        // 유희열|이 눈물|을 흘렸|다|. : boundaries at 3, 7, 11 and 12
        TokenizerStats.Counts c = TokenizerStats.measure(bytes, text, bits(3, 7, 11, 12));
        // 10 syllables of 3 bytes, 2 spaces and a full stop
        assertEquals(10 * 3 + 3, c.tokens());
        assertEquals(10 * 3, c.fallbackTokens());
        assertEquals(13, c.characters());
        assertEquals(3, c.words());
        assertEquals(4, c.boundaries());
        // every token covers one character, so no boundary can be inside one
        assertEquals(0, c.crossingTokens());
        assertEquals(33.0 / 13, c.tokensPerCharacter(), 1e-12);
        assertEquals(11.0, c.tokensPerWord(), 1e-12);
    }

    @Test
    void unknownCharactersOfACharLevelTokenizerAreFallbackTokens() {
        Tokenizer chars = TestTokenizers.charLevel();
        Integer unk = chars.id(TrainerConfig.UNKNOWN);
        assertTrue(unk != null && chars.isSpecial(unk), "<unk> is an added special token of the char-level tokenizer");
        // 齉 and 觿 are far outside a 600-character alphabet learned from movie reviews; 영화 is inside it
        TokenizerStats.Counts c = TokenizerStats.measure(chars, "齉 영화 觿");
        assertEquals(2, c.fallbackTokens());
        assertEquals(1, TokenizerStats.measure(chars, "영화齉").fallbackTokens());
        assertEquals(0, TokenizerStats.measure(chars, "영화").fallbackTokens());
    }

    @Test
    void countsAddUp() {
        var a = new TokenizerStats.Counts(1, 10, 2, 5, 1, 1, 5, 2, 3, 2);
        var b = new TokenizerStats.Counts(2, 30, 6, 7, 0, 1, 3, 0, 4, 1);
        var sum = a.plus(b);
        assertEquals(new TokenizerStats.Counts(3, 40, 8, 12, 1, 2, 8, 2, 7, 3), sum);
        assertEquals(0.3, sum.tokensPerCharacter(), 1e-12);
        assertEquals(1.5, sum.tokensPerWord(), 1e-12);
        assertEquals(0.25, sum.crossingShare(), 1e-12);
        assertEquals(3.0 / 7, sum.boundaryInsideShare(), 1e-12);
    }

    @Test
    void theMorphemeAwareTokenizerNeverStraddlesANoriBoundaryInHangul() throws IOException {
        List<KlueDp.Sentence> sentences = KlueDp.read(TestCorpus.resource("klue/klue-dp-v1.1-dev-first30.tsv"));
        MorphemeAnalyzer nori = MorphemeAnalyzer.withoutDictionary();
        TokenizerStats.Counts aware = TokenizerStats.Counts.ZERO, plain = TokenizerStats.Counts.ZERO;
        for (KlueDp.Sentence s : sentences) {
            aware = aware.plus(TokenizerStats.measure(TestTokenizers.morphemeAware(), s.text(), nori));
            plain = plain.plus(TokenizerStats.measure(TestTokenizers.byteLevel(), s.text(), nori));
        }
        assertEquals(30, aware.texts());
        assertTrue(aware.boundaries() > 300, "Nori finds boundaries in 30 news sentences: " + aware.boundaries());
        assertEquals(0, aware.crossingTokens(), "the morpheme split cuts at every Nori boundary next to Hangul");
        assertTrue(plain.crossingTokens() > 0, "plain byte-level BPE merges across some morphemes");
    }

    @Test
    void textsWhoseLengthTheNormalizerChangesHaveNoReference() {
        Tokenizer t = TestTokenizers.morphemeAware();
        String decomposed = "\u1100\u1161\u11A8\u1100\u1161"; // 각가 as jamo: NFC makes it 2 chars
        assertEquals(2, t.normalize(decomposed).length());
        TokenizerStats.Counts c = TokenizerStats.measure(t, decomposed, bits(3));
        assertEquals(0, c.referenceTexts());
        assertEquals(0, c.boundaries());
        assertEquals(5, c.characters());
        assertTrue(c.tokens() > 0);
    }
}
