package dev.hanlm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The BPE model's merge loop against a naive reference, and its options (ignore_merges, fuse_unk,
 * byte_fallback) on small hand-built vocabularies. Pieces over 48 symbols take the heap path and
 * shorter ones the quadratic scan: both are held to the same reference.
 */
class BpeModelTest {
    @Test
    void shortPiecesMatchTheNaiveReference() {
        BpeModel model = TestTokenizers.byteLevel().model();
        List<String> words = new ArrayList<>();
        for (String line : TestCorpus.lines(TestCorpus.nsmc()).subList(0, 500)) {
            new GptSplitter().split(line, (s, e) -> words.add(line.substring(s, e)));
        }
        int scanned = 0;
        for (String word : words) {
            if (utf8(word) > 48) continue;
            assertArrayEquals(naive(model, byteSymbols(word)), encode(model, word), word);
            scanned++;
        }
        assertTrue(scanned > 3000, "too few short pieces: " + scanned);
    }

    @Test
    void longByteLevelPiecesMatchTheNaiveReference() {
        BpeModel model = TestTokenizers.byteLevel().model();
        for (String piece : longPieces()) {
            int[] ids = encode(model, piece);
            assertArrayEquals(naive(model, byteSymbols(piece)), ids, piece);
            if (piece.codePoints().anyMatch(CharClass::isHangul)) assertTrue(ids.length < utf8(piece), "no merge was applied to " + piece);
        }
    }

    @Test
    void longCharLevelPiecesMatchTheNaiveReference() {
        BpeModel model = TestTokenizers.charLevel().model();
        for (String piece : longPieces()) {
            // keep the characters the model knows, so that the reference need not model <unk>
            String known = "▁" + piece.codePoints().filter(cp -> model.id(Character.toString(cp)) != null)
                    .mapToObj(Character::toString).collect(Collectors.joining());
            List<String> chars = known.codePoints().mapToObj(Character::toString).toList();
            assertTrue(chars.size() > 48, "the piece must take the heap path");
            assertArrayEquals(naive(model, chars), encode(model, known), known);
        }
    }

    @Test
    void tiesAreMergedLeftmostFirst() {
        // a a a: the pair (a, a) occurs twice; the left one merges first, as in HF
        BpeModel model = charModel(List.of("a", "aa"), List.<String[]>of(new String[] {"a", "a"}), false, null, false, false);
        assertArrayEquals(new int[] {1, 0}, encode(model, "aaa"));
        String many = "a".repeat(101); // the heap path
        int[] ids = encode(model, many);
        assertEquals(51, ids.length);
        assertEquals(0, ids[50], "the odd one out is the last a");
    }

    @Test
    void ignoreMergesTakesAWholePieceFromTheVocabulary() {
        // "abc" is in the vocabulary but the merges alone cannot reach it
        List<String> vocab = List.of("a", "b", "c", "ab", "abc");
        List<String[]> merges = List.<String[]>of(new String[] {"a", "b"});
        BpeModel merging = charModel(vocab, merges, false, null, false, false);
        BpeModel ignoring = charModel(vocab, merges, false, null, false, true);
        assertArrayEquals(new int[] {3, 2}, encode(merging, "abc"));
        assertArrayEquals(new int[] {4}, encode(ignoring, "abc"));
        assertArrayEquals(new int[] {3, 2, 3}, encode(ignoring, "abcab"), "a piece not in the vocabulary still merges");
    }

    @Test
    void fuseUnkJoinsARunOfUnknownCharacters() {
        List<String> vocab = List.of("<unk>", "a", "b");
        BpeModel fused = charModel(vocab, List.of(), false, "<unk>", true, false);
        BpeModel separate = charModel(vocab, List.of(), false, "<unk>", false, false);
        assertArrayEquals(new int[] {1, 0, 2}, encode(fused, "a?!b"));
        assertArrayEquals(new int[] {1, 0, 0, 2}, encode(separate, "a?!b"));
        assertArrayEquals(new int[] {0, 1, 0}, encode(fused, "😀😀a한"), "astral characters count as one character each");
        assertTrue(fused.isFallback(0));
        assertFalse(fused.isFallback(1));
    }

    @Test
    void byteFallbackSpellsUnknownCharactersAsUtf8Bytes() {
        List<String> vocab = new ArrayList<>(List.of("<unk>"));
        for (int b = 0; b < 256; b++) vocab.add(String.format("<0x%02X>", b));
        vocab.addAll(List.of("a", "가"));
        BpeModel model = charModel(vocab, List.of(), true, "<unk>", true, false);
        int a = 257, ga = 258;
        // 한 = ED 95 9C; byte fallback comes before <unk>
        assertArrayEquals(new int[] {a, 1 + 0xED, 1 + 0x95, 1 + 0x9C, ga}, encode(model, "a한가"));
        assertArrayEquals(new int[] {1 + 0xF0, 1 + 0x9F, 1 + 0x98, 1 + 0x80}, encode(model, "😀"));
        assertTrue(model.isFallback(1 + 0xED));
        assertFalse(model.isFallback(ga));
    }

    @Test
    void aCharacterWithNeitherUnkNorByteFallbackIsAnError() {
        BpeModel model = charModel(List.of("a"), List.of(), false, null, false, false);
        TokenizerException e = assertThrows(TokenizerException.class, () -> encode(model, "a한"));
        assertTrue(e.getMessage().contains("U+D55C"), e.getMessage());
    }

    @Test
    void theFirstOfTwoIdenticalMergesKeepsItsRank() {
        List<String> vocab = List.of("a", "b", "c", "ab", "bc");
        List<String[]> merges = List.of(new String[] {"b", "c"}, new String[] {"a", "b"}, new String[] {"b", "c"});
        assertArrayEquals(new int[] {0, 4}, encode(charModel(vocab, merges, false, null, false, false), "abc"));
    }

    @Test
    void lengthsCoverThePieceInBytesOrChars() {
        BpeModel bytes = TestTokenizers.byteLevel().model();
        for (String piece : longPieces()) {
            IntList ids = new IntList(), lengths = new IntList();
            bytes.encode(piece, ids, lengths);
            assertEquals(ids.size(), lengths.size());
            assertEquals(utf8(piece), sum(lengths));
            assertArrayEquals(encode(bytes, piece), ids.toArray());
        }
    }

    /** Naive BPE: merge the adjacent pair with the lowest rank (the leftmost on ties) until none is left. */
    static int[] naive(BpeModel model, List<String> initial) {
        Map<List<String>, Integer> rank = new HashMap<>();
        for (int r = 0; r < model.merges().size(); r++) rank.putIfAbsent(List.of(model.merges().get(r)), r);
        List<String> symbols = new ArrayList<>(initial);
        while (true) {
            int best = -1, bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer r = rank.get(List.of(symbols.get(i), symbols.get(i + 1)));
                if (r != null && r < bestRank) {
                    best = i;
                    bestRank = r;
                }
            }
            if (best < 0) break;
            symbols.set(best, symbols.get(best) + symbols.remove(best + 1));
        }
        return symbols.stream().mapToInt(model::id).toArray();
    }

    /** Long pieces without spaces: Korean from the corpus, a repeated syllable, a long Latin word. */
    private static List<String> longPieces() {
        String hangul = TestCorpus.lines(TestCorpus.nsmc()).stream().limit(2000)
                .flatMapToInt(String::codePoints).filter(cp -> cp >= 0xAC00 && cp <= 0xD7A3)
                .mapToObj(Character::toString).collect(Collectors.joining());
        List<String> out = new ArrayList<>();
        for (int start = 0; start < 3000; start += 300) out.add(hangul.substring(start, start + 300));
        out.add("ㅋ".repeat(300));
        out.add("하".repeat(77) + "ㅎ".repeat(41));
        out.add("pneumonoultramicroscopicsilicovolcanoconiosis".repeat(4));
        out.add("영화" + "최고".repeat(30) + "재밌어요");
        return out;
    }

    private static List<String> byteSymbols(String piece) {
        return ByteLevel.encode(piece).chars().mapToObj(c -> String.valueOf((char) c)).toList();
    }

    private static BpeModel charModel(List<String> vocab, List<String[]> merges, boolean byteFallback, String unk,
                                      boolean fuseUnk, boolean ignoreMerges) {
        return new BpeModel(vocab.toArray(String[]::new), merges, new BpeModel.Options(false, unk, fuseUnk, byteFallback, ignoreMerges));
    }

    private static int[] encode(BpeModel model, String piece) {
        IntList out = new IntList();
        model.encode(piece, out);
        return out.toArray();
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int sum(IntList list) {
        int total = 0;
        for (int i = 0; i < list.size(); i++) total += list.get(i);
        return total;
    }
}
