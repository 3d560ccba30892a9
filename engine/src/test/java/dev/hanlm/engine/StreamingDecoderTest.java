package dev.hanlm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte-level tokens carry parts of characters: streaming must release only whole characters. */
class StreamingDecoderTest {
    private static final String TEXT = "안녕하세요, 한국어 모델입니다!";

    @Test
    void koreanSplitIntoSingleByteTokensStreamsWholeCharactersOnly() {
        Tokenizer tokenizer = TinyModels.byteTokenizer();
        StreamingDecoder decoder = new StreamingDecoder(tokenizer, tokenizer.encode("프롬프트: "));
        List<String> deltas = new ArrayList<>();
        for (int id : TinyModels.byteIds(TEXT)) deltas.add(decoder.push(id));
        deltas.add(decoder.flush());
        assertEquals(TEXT, String.join("", deltas));
        for (String d : deltas) assertFalse(d.contains("\uFFFD"), "a delta holds a replacement character: " + deltas);
        assertEquals(List.of("", "", "안"), deltas.subList(0, 3), "the first two bytes of 안 release nothing");
    }

    @Test
    void mixedWholeAndPartialTokensStreamTheSameText() {
        Tokenizer tokenizer = TinyModels.byteTokenizer("안녕", "요", "한국어");
        int[] ids = tokenizer.encode(TEXT);
        assertTrue(ids.length < TEXT.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, "some tokens are merged");
        StreamingDecoder decoder = new StreamingDecoder(tokenizer, new int[] {ids[0]});
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < ids.length; i++) {
            String d = decoder.push(ids[i]);
            assertFalse(d.contains("\uFFFD"));
            out.append(d);
        }
        out.append(decoder.flush());
        assertEquals(tokenizer.decode(java.util.Arrays.copyOfRange(ids, 1, ids.length)), out.toString());
    }

    @Test
    void bytesThatNeverCompleteACharacterComeOutAsOneReplacementAtTheEnd() {
        Tokenizer tokenizer = TinyModels.byteTokenizer();
        StreamingDecoder decoder = new StreamingDecoder(tokenizer, TinyModels.byteIds("a"));
        int[] han = TinyModels.byteIds("한");
        assertEquals("", decoder.push(han[0]));
        assertEquals("", decoder.push(han[1]));
        assertEquals("\uFFFD", decoder.flush());
    }

    @Test
    void aPromptEndingInsideACharacterDoesNotLeakIntoTheOutput() {
        Tokenizer tokenizer = TinyModels.byteTokenizer();
        int[] han = TinyModels.byteIds("한");
        StreamingDecoder decoder = new StreamingDecoder(tokenizer, new int[] {han[0], han[1]});
        int[] ok = TinyModels.byteIds("ok");
        String out = decoder.push(han[2]) + decoder.push(ok[0]) + decoder.push(ok[1]) + decoder.flush();
        assertEquals("\uFFFDok", out);
    }
}
