package dev.hanlm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer.Form;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * decode(encode(s)) == normalize(s): nothing is lost between text and ids, whatever the text. Byte-level
 * tokenizers must hold this for every string; the char-level one for strings within its alphabet.
 */
class LosslessPropertyTest {
    private static final long SEED = 20240917L;
    private static final int CASES = 3000;

    @Test
    void normalizeReplacesEachLoneSurrogateAndThenAppliesNfc() {
        String highAlone = "가\uD800나", lowAlone = "\uDC00", reversed = "\uDE00\uD83D", pair = "\uD83D\uDE00";
        Tokenizer t = TestTokenizers.byteLevel();
        assertEquals("가\uFFFD나", t.normalize(highAlone));
        assertEquals("\uFFFD", t.normalize(lowAlone));
        assertEquals("\uFFFD\uFFFD", t.normalize(reversed));
        assertEquals(pair, t.normalize(pair), "a proper pair is kept");
        assertEquals("\uFFFD한", t.normalize("\uDBFF\u1112\u1161\u11AB"), "NFC still applies after the replacement");
    }

    @Test
    void normalizeMatchesAnIndependentDefinitionOnRandomText() {
        Tokenizer t = TestTokenizers.byteLevel();
        RandomText random = new RandomText(SEED);
        for (int i = 0; i < CASES; i++) {
            String s = random.next(12);
            String expected = java.text.Normalizer.normalize(replaceSurrogateCodePoints(s), Form.NFC);
            assertEquals(expected, t.normalize(s), failure(i, s));
        }
    }

    @Test
    void byteLevelIsLosslessOnRandomText() {
        assertLossless(TestTokenizers.byteLevel(), SEED);
    }

    @Test
    void morphemeAwareByteLevelIsLosslessOnRandomText() {
        assertLossless(TestTokenizers.morphemeAware(), SEED + 1);
    }

    @Test
    void byteLevelIsLosslessOnTheCorpus() {
        for (Tokenizer t : List.of(TestTokenizers.byteLevel(), TestTokenizers.morphemeAware())) {
            for (String line : TestCorpus.lines(TestCorpus.nsmc()).subList(0, 1500)) {
                assertEquals(t.normalize(line), t.decode(t.encode(line)), () -> RandomText.escape(line));
            }
        }
    }

    @Test
    void charLevelIsLosslessWithinItsAlphabet() {
        Tokenizer t = TestTokenizers.charLevel();
        int unk = t.id(TrainerConfig.UNKNOWN);
        int[] alphabet = alphabet(t);
        assertTrue(alphabet.length > 300, "the alphabet should hold hundreds of characters, has " + alphabet.length);
        SplittableRandom random = new SplittableRandom(SEED);
        int checked = 0;
        for (int i = 0; checked < CASES; i++) {
            String s = inAlphabet(random, alphabet);
            String normalized = t.normalize(s);
            if (!withinAlphabet(normalized, t)) continue; // NFC joined two characters into one it does not know
            int[] ids = t.encode(s);
            assertEquals(normalized, t.decode(ids), failure(i, s));
            assertFalse(Arrays.stream(ids).anyMatch(id -> id == unk), failure(i, s) + " gave <unk>");
            checked++;
        }
    }

    @Test
    void charLevelGivesUnkForCharactersOutsideItsAlphabet() {
        Tokenizer t = TestTokenizers.charLevel();
        int unk = t.id(TrainerConfig.UNKNOWN);
        String unknown = "\uE000", unknown2 = "\uE001"; // private-use characters, never in the corpus
        assertEquals(null, t.id(unknown));
        int[] one = t.encode("가" + unknown + "나");
        assertEquals(1, Arrays.stream(one).filter(id -> id == unk).count());
        assertEquals("가<unk>나", t.decode(one));
        // the trainer writes fuse_unk: a run of unknown characters is one <unk>
        int[] run = t.encode("가" + unknown + unknown2 + "😀나");
        assertEquals(1, Arrays.stream(run).filter(id -> id == unk).count());
        assertArrayEquals(one, run);
        assertArrayEquals(new int[] {t.id("▁"), unk}, t.encode(unknown));
    }

    @Test
    void charLevelDropsALeadingSpaceAsHfMetaspaceDoes() {
        // the text already starts with ▁, so no prefix is added, and the decoder strips the first ▁
        Tokenizer t = TestTokenizers.charLevel();
        assertArrayEquals(t.encode("영화"), t.encode(" 영화"));
        assertEquals("영화 최고", t.decode(t.encode(" 영화 최고")));
    }

    @Test
    void decomposedJamoEncodeLikeTheComposedSyllable() {
        String decomposed = "\u1112\u1161\u11AB"; // ᄒ ᅡ ᆫ
        for (Tokenizer t : List.of(TestTokenizers.byteLevel(), TestTokenizers.morphemeAware(), TestTokenizers.charLevel())) {
            assertArrayEquals(t.encode("한"), t.encode(decomposed));
            assertArrayEquals(t.encode("한국어 영화"), t.encode(decomposed + "국어 영화"));
            assertEquals("한", t.decode(t.encode(decomposed)));
        }
    }

    private static void assertLossless(Tokenizer t, long seed) {
        RandomText random = new RandomText(seed);
        for (int i = 0; i < CASES; i++) {
            String s = random.next(12);
            String normalized = t.normalize(s);
            assertFalse(hasLoneSurrogate(normalized), failure(seed, i, s));
            assertEquals(normalized, t.decode(t.encode(s)), failure(seed, i, s));
        }
    }

    /** The single-character tokens of the vocabulary, without the Metaspace ▁. */
    private static int[] alphabet(Tokenizer t) {
        return IntStream.range(0, t.vocabSize()).mapToObj(t::token)
                .filter(tok -> tok.codePointCount(0, tok.length()) == 1 && !tok.equals("▁"))
                .mapToInt(tok -> tok.codePointAt(0)).toArray();
    }

    /** Characters of the alphabet with single spaces between some of them; never a leading space (see above). */
    private static String inAlphabet(SplittableRandom random, int[] alphabet) {
        StringBuilder out = new StringBuilder();
        int n = 1 + random.nextInt(30);
        for (int k = 0; k < n; k++) {
            if (k > 0 && random.nextInt(4) == 0) out.append(random.nextInt(5) == 0 ? "  " : " ");
            out.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
        }
        return out.toString();
    }

    private static boolean withinAlphabet(String s, Tokenizer t) {
        return s.codePoints().allMatch(cp -> cp == ' ' || t.id(new String(Character.toChars(cp))) != null);
    }

    /** Every surrogate code unit that String.codePoints() reports on its own is unpaired. */
    private static String replaceSurrogateCodePoints(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> out.appendCodePoint(cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp));
        return out.toString();
    }

    private static boolean hasLoneSurrogate(String s) {
        return s.codePoints().anyMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF);
    }

    private static String failure(long seed, int i, String s) {
        return "seed " + seed + ", case " + i + ": " + RandomText.escape(s);
    }

    private static String failure(int i, String s) {
        return failure(SEED, i, s);
    }
}
