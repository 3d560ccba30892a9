package dev.hanlm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HyperCLOVA's morpheme-aware split: GPT-2's pieces cut again at Nori's morpheme boundaries; and the
 * files that carry the setting beside tokenizer.json.
 */
class MorphemeSplitterTest {
    private static final MorphemeSplitter NORI = new MorphemeSplitter(new GptSplitter(), MorphemeAnalyzer.withoutDictionary());

    @TempDir
    Path dir;

    @Test
    void particlesAndEndingsAreCutOffAndTheSpaceStaysWithItsWord() {
        // 유희열 (a name) + 이 (subject particle); 눈물 + 을 (object particle); 흘렸 (흘리- + -었-, one inflected form) + 다
        assertEquals(List.of("유희열", "이", " 눈물", "을", " 흘렸", "다", "."), pieces(NORI, "유희열이 눈물을 흘렸다."));
        // 먹 (stem) + 었 (past) + 다 (ending)
        assertEquals(List.of("나", "는", " 밥", "을", " 먹", "었", "다"), pieces(NORI, "나는 밥을 먹었다"));
        assertEquals(List.of("학교", "에서", " 공부", "했", "습니다"), pieces(NORI, "학교에서 공부했습니다"));
    }

    @Test
    void aLatinWordIsCutFromItsKoreanParticleButNotInside() {
        assertEquals(List.of("Nori", "로", " 123", "개", " HyperCLOVA", "는"), pieces(NORI, "Nori로 123개 HyperCLOVA는"));
    }

    @Test
    void piecesTileTheInputOnRandomText() {
        long seed = 11;
        RandomText random = new RandomText(seed);
        GptSplitter gpt = new GptSplitter();
        for (int i = 0; i < 3000; i++) {
            String s = random.next(12);
            String where = "seed " + seed + ", case " + i + ": " + RandomText.escape(s);
            BitSet gptEdges = edges(gpt, s);
            int[] last = {0};
            NORI.split(s, (start, end) -> {
                assertEquals(last[0], start, where);
                assertTrue(end > start, where);
                // a cut GPT-2 did not make lies between two non-space characters, one of them Hangul
                if (start > 0 && !gptEdges.get(start)) {
                    char before = s.charAt(start - 1), after = s.charAt(start);
                    assertFalse(Character.isSurrogate(before) && Character.isSurrogate(after), where);
                    assertFalse(isSpace(before) || isSpace(after), where);
                    assertTrue(CharClass.isHangul(before) || CharClass.isHangul(after), where);
                }
                last[0] = end;
            });
            assertEquals(s.length(), last[0], where);
        }
    }

    @Test
    void aUserDictionaryKeepsAMadeUpWordWhole() throws IOException {
        Path dictionary = Files.writeString(dir.resolve("user.txt"), "한엘엠모델\n");
        MorphemeSplitter withWord = new MorphemeSplitter(new GptSplitter(), MorphemeAnalyzer.withDictionary(dictionary));
        String text = "한엘엠모델을 만들었다";
        assertEquals(List.of("한", "엘", "엠", "모델", "을", " 만들", "었", "다"), pieces(NORI, text));
        assertEquals(List.of("한엘엠모델", "을", " 만들", "었", "다"), pieces(withWord, text));
    }

    @Test
    void aMorphemeAwareTokenizerSavesAndReloadsWithItsUserDictionary() throws IOException {
        Path dictionary = Files.writeString(dir.resolve("user.txt"), "한엘엠모델\n");
        TrainerConfig config = new TrainerConfig(800, 2, List.of(TrainerConfig.END_OF_TEXT), TrainerConfig.Alphabet.BYTE, 0,
                true, dictionary, 1.0, 42, java.text.Normalizer.Form.NFC, 2);
        Tokenizer trained = new BpeTrainer(config).train(List.of(TestCorpus.nsmcHead(1000)), BpeTrainer.Progress.NONE).tokenizer();
        Path saved = dir.resolve("saved");
        trained.save(saved);
        assertTrue(Files.isRegularFile(saved.resolve(TokenizerFiles.SETTINGS)));
        assertEquals("한엘엠모델\n", Files.readString(saved.resolve(TokenizerFiles.USER_DICTIONARY)));

        Tokenizer reloaded = Tokenizer.load(saved);
        assertTrue(reloaded.morphemeAware());
        assertTrue(reloaded.morphemes().analyzer().hasUserDictionary());
        List<String> texts = new ArrayList<>(TestCorpus.lines(TestCorpus.nsmc()).subList(0, 500));
        texts.add("한엘엠모델을 만들었다");
        for (String text : texts) assertArrayEquals(trained.encode(text), reloaded.encode(text), text);
        assertEquals(pieces(trained, "한엘엠모델을"), pieces(reloaded, "한엘엠모델을"));
        assertEquals("한엘엠모델", pieces(reloaded, "한엘엠모델을").getFirst());
    }

    @Test
    void withoutTheSideFileTheTokenizerLoadsAsPlainByteLevel() throws IOException {
        Path saved = dir.resolve("plain");
        TestTokenizers.morphemeAware().save(saved);
        Files.delete(saved.resolve(TokenizerFiles.SETTINGS));
        Tokenizer plain = Tokenizer.load(saved);
        assertFalse(plain.morphemeAware());
        assertEquals(List.of("나는", " 밥을", " 먹었다"), pieces(plain, "나는 밥을 먹었다"));
    }

    @Test
    void aPlainHfReaderDecodesEveryIdOfAMorphemeAwareTokenizer() throws Exception {
        Tokenizer ours = TestTokenizers.morphemeAware();
        Path saved = dir.resolve("hf");
        ours.save(saved);
        List<String> texts = new ArrayList<>(TestCorpus.lines(TestCorpus.nsmc()).subList(0, 1000));
        RandomText random = new RandomText(5);
        for (int i = 0; i < 300; i++) texts.add(random.next(10));
        try (HuggingFaceTokenizer hf = HfOracle.open(saved.resolve(TokenizerFiles.TOKENIZER_JSON))) {
            for (String text : texts) {
                long[] ids = HfOracle.longs(ours.encode(text));
                assertEquals(ours.normalize(text), hf.decode(ids, false), () -> RandomText.escape(text));
            }
            for (int id = 0; id < ours.vocabSize(); id++) {
                assertEquals(ours.decode(new int[] {id}), hf.decode(new long[] {id}, false), "id " + id);
            }
        }
    }

    private static List<String> pieces(PreTokenizer splitter, String s) {
        List<String> out = new ArrayList<>();
        splitter.split(s, (start, end) -> out.add(s.substring(start, end)));
        return out;
    }

    /** The pieces a tokenizer's pre-tokenizer (with the morpheme split if it has one) makes. */
    private static List<String> pieces(Tokenizer t, String s) {
        PreTokenizer pre = t.morphemeAware() ? new MorphemeSplitter(t.basePreTokenizer(), t.morphemes().analyzer()) : t.basePreTokenizer();
        return pieces(pre, s);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static BitSet edges(PreTokenizer splitter, String s) {
        BitSet out = new BitSet();
        splitter.split(s, (start, end) -> out.set(start));
        return out;
    }
}
