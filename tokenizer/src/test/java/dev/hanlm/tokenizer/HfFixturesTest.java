package dev.hanlm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * tokenizer.json files in the shapes hanlm must read from other models (src/test/resources/hf, see the
 * README there): hanlm's ids and decoded text must be what HF tokenizers itself gives for the same
 * file, so the fixtures are checked by the real library rather than by hand-computed numbers.
 */
class HfFixturesTest {
    private static final List<String> TEXTS = List.of(
            "안녕하세요", " 안녕하세요 ", "영화 정말 재밌어요!", "최고의 작품이다. 123456 1234567",
            "hello world, it's the best", "HELLO 'S 'LL I'M", "  double  spaces\tand\ttabs\n\nnew lines\r\n",
            "한국어 자연어 처리는 좋아요", "대한민국 감독 배우 연기", "漢字 😀 emoji 𝔘 \u00A0nbsp\u3000ideographic",
            "<s>안녕</s>", "<|begin_of_text|>영화<|end_of_text|>", "<unk> <pad>", "\u1112\u1161\u11AB국어",
            "ｆｕｌｌｗｉｄｔｈ ①②", "▁already▁metaspace", "\u0001\u001f control", "뷁뷁뷁 unknown 글자", "", " ", "   ");

    @ParameterizedTest
    @ValueSource(strings = {"kogpt2-style.json", "llama2-style.json", "llama3-style.json"})
    void idsMatchHfWithAndWithoutSpecialTokens(String fixture) {
        Path file = TestCorpus.resource("hf/" + fixture);
        Tokenizer ours = Tokenizer.load(file);
        try (HuggingFaceTokenizer hf = HfOracle.open(file)) {
            for (String text : texts(ours)) {
                for (boolean special : new boolean[] {false, true}) {
                    long[] expected = hf.encode(text, special, false).getIds();
                    assertArrayEquals(expected, HfOracle.longs(ours.encode(text, special)),
                            () -> fixture + (special ? " with" : " without") + " special tokens: " + RandomText.escape(text));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kogpt2-style.json", "llama2-style.json", "llama3-style.json"})
    void decodedTextMatchesHf(String fixture) {
        Path file = TestCorpus.resource("hf/" + fixture);
        Tokenizer ours = Tokenizer.load(file);
        try (HuggingFaceTokenizer hf = HfOracle.open(file)) {
            List<int[]> sequences = new ArrayList<>();
            for (String text : texts(ours)) sequences.add(ours.encode(text, true));
            // arbitrary ids too, as a model generates them: byte tokens cut mid-character, tokens in any order
            SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < 500; i++) sequences.add(random.ints(1 + random.nextInt(12), 0, ours.vocabSize()).toArray());
            for (int[] ids : sequences) {
                for (boolean skip : new boolean[] {false, true}) {
                    assertEquals(hf.decode(HfOracle.longs(ids), skip), ours.decode(ids, skip),
                            () -> fixture + (skip ? " skipping" : " keeping") + " special tokens, ids " + java.util.Arrays.toString(ids));
                }
            }
        }
    }

    @Test
    void brokenUtf8DecodesAsHfDoes() {
        // single-byte tokens in random order: truncated, overlong, surrogate and out-of-range sequences
        Path file = TestCorpus.resource("hf/llama3-style.json");
        Tokenizer llama3 = Tokenizer.load(file);
        int[] interesting = {0x41, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
        SplittableRandom random = new SplittableRandom(4);
        try (HuggingFaceTokenizer hf = HfOracle.open(file)) {
            for (int i = 0; i < 3000; i++) {
                int[] ids = new int[1 + random.nextInt(8)];
                for (int k = 0; k < ids.length; k++) {
                    int b = random.nextInt(3) == 0 ? random.nextInt(256) : interesting[random.nextInt(interesting.length)];
                    ids[k] = llama3.id(String.valueOf(ByteLevel.charOf(b)));
                }
                assertEquals(hf.decode(HfOracle.longs(ids), false), llama3.decode(ids), () -> java.util.Arrays.toString(ids));
            }
        }
    }

    @Test
    void llama3IgnoreMergesFindsWholeWordsNoMergeReaches() {
        // " hello" is in the fixture's vocabulary, but its merges stop at " hel"
        Tokenizer llama3 = Tokenizer.load(TestCorpus.resource("hf/llama3-style.json"));
        int[] ids = llama3.encode("hi hello", true);
        assertEquals(llama3.id("<|begin_of_text|>"), ids[0]);
        assertEquals(llama3.id(ByteLevel.encode(" hello")), ids[ids.length - 1]);
        assertEquals(List.of(ByteLevel.encode(" hel"), "l", "o", "o"), java.util.Arrays.stream(llama3.encode(" helloo")).mapToObj(llama3::token).toList());
    }

    /** The shared texts, and random ones made of the fixture's own single-character tokens. */
    private static List<String> texts(Tokenizer t) {
        List<String> out = new ArrayList<>(TEXTS);
        StringBuilder alphabet = new StringBuilder();
        for (int id = 0; id < t.vocabSize(); id++) {
            String token = t.token(id);
            if (token.codePointCount(0, token.length()) == 1) alphabet.append(token);
        }
        String chars = alphabet + "  ";
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 300; i++) {
            StringBuilder s = new StringBuilder();
            int n = random.nextInt(20);
            for (int k = 0; k < n; k++) s.append(chars.charAt(random.nextInt(chars.length())));
            out.add(s.toString());
        }
        RandomText text = new RandomText(2);
        for (int i = 0; i < 300; i++) out.add(text.next(8).replaceAll("[\\uD800-\\uDFFF]", "")); // JNI strings need whole pairs
        return out;
    }
}
