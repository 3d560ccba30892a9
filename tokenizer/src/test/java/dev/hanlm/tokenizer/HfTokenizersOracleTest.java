package dev.hanlm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HF tokenizers itself (the Rust library through DJL's JNI binding) loads the tokenizer.json files
 * hanlm writes and must produce the same ids on over 1 MB of Korean text, for both kinds of file.
 */
class HfTokenizersOracleTest {
    @TempDir
    static Path dir;
    static List<String> texts = new ArrayList<>();

    @BeforeAll
    static void corpus() {
        texts.addAll(TestCorpus.lines(TestCorpus.nsmc()));
        texts.addAll(TestCorpus.lines(TestCorpus.kowiki()));
        long bytes = texts.stream().mapToLong(t -> t.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum();
        assertTrue(bytes >= 1_000_000, "the comparison needs at least 1 MB of text, has " + bytes);
    }

    @Test
    void byteLevelIdsMatchHfTokenizers() throws Exception {
        TrainerConfig config = TrainerConfig.defaults(3000).withMorphemeAware(false);
        compareWithHf(new BpeTrainer(config).train(TestCorpus.both(), BpeTrainer.Progress.NONE).tokenizer(), "byte-level");
    }

    @Test
    void charLevelMetaspaceIdsMatchHfTokenizers() throws Exception {
        TrainerConfig config = TrainerConfig.defaults(3000).withCharAlphabet(1200);
        compareWithHf(new BpeTrainer(config).train(TestCorpus.both(), BpeTrainer.Progress.NONE).tokenizer(), "char-level");
    }

    @Test
    void tokensWithSpecialTokensAndOddTextMatch() throws Exception {
        TrainerConfig config = TrainerConfig.defaults(1000).withMorphemeAware(false);
        Tokenizer ours = new BpeTrainer(config).train(List.of(TestCorpus.nsmc()), BpeTrainer.Progress.NONE).tokenizer();
        Path out = dir.resolve("odd");
        ours.save(out);
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(out.resolve("tokenizer.json"), Map.of("truncation", "false", "padding", "false", "modelMaxLength", "100000000"))) {
            for (String s : List.of("안녕<|endoftext|>하세요", "  \t\n 띄어쓰기   여러  번\n\n", "it's 1999년, we'll 've",
                    "ᄒᆞᆫ글 조합형 자모 ㅎㅏㄴ", "漢字 한자 😀 emoji 𝔘 \u00A0nbsp\u3000ideographic", "\u0001\u001f control", "",
                    "\u2028line\u2029para\u0085next", "I'M 'S 'LL 're '''s", "e\u0301 combining, 가\u0301", "👨\u200D👩\u200D👧 ZWJ 👍🏽",
                    "①②③ ٣٤٥ Ⅻ numbers", "x\u00A0y\u202Fz\u205Fw", "   trailing   ", "\r\n\r\n windows \r\n", "<|endoftext|><|endoftext|>",
                    "ｆｕｌｌ ｗｉｄｔｈ ＡＢＣ １２３", "ㄱㄴㄷ ᄀᄁ ힰힱ 옛한글")) {
                assertArrayEquals(toLongs(ours.encode(s)), hf.encode(s, false, false).getIds(), () -> "ids differ for: " + s);
            }
        }
    }

    private static void compareWithHf(Tokenizer ours, String name) throws Exception {
        Path out = dir.resolve(name);
        ours.save(out);
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(out.resolve("tokenizer.json"), Map.of("truncation", "false", "padding", "false", "modelMaxLength", "100000000"))) {
            int mismatches = 0;
            String first = null;
            long tokens = 0;
            for (String text : texts) {
                long[] expected = hf.encode(text, false, false).getIds();
                int[] actual = ours.encode(text);
                tokens += actual.length;
                if (!java.util.Arrays.equals(expected, toLongs(actual))) {
                    mismatches++;
                    if (first == null) first = expected.length + " vs " + actual.length + " ids: " + text.substring(0, Math.min(80, text.length()));
                }
            }
            assertEquals(0, mismatches, name + ": " + mismatches + " of " + texts.size() + " lines differ, first: " + first);
            assertTrue(tokens > 100_000, "too few tokens compared: " + tokens);
            Tokenizer reloaded = Tokenizer.load(out);
            assertArrayEquals(ours.encode(texts.get(3)), reloaded.encode(texts.get(3)));
        }
    }

    static long[] toLongs(int[] ids) {
        long[] out = new long[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = ids[i];
        return out;
    }
}
