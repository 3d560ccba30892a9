package dev.hanlm.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DocumentNormalizerTest {
    private final DocumentNormalizer normalizer = new DocumentNormalizer();

    @Test
    void composesDecomposedHangulToNfc() {
        assertEquals("한국어", normalizer.normalize("\u1112\u1161\u11AB\u1100\u116E\u11A8\u110B\u1165"));
    }

    @Test
    void collapsesSpacesAndBlankLinesAndStrips() {
        assertEquals("가 나 다\n라\n\n마", normalizer.normalize("  가 \t 나\u00A0\u3000다  \r\n라\r\r\n\n\n  \n마\n\n"));
    }

    @Test
    void dropsInvisibleCharactersButKeepsTheEmojiJoiner() {
        assertEquals("가나다", normalizer.normalize("\uFEFF가\u200B나\u00AD다\u0007"));
        assertEquals("👨\u200D👩", normalizer.normalize("👨\u200D👩"));
    }

    @Test
    void loneSurrogatesBecomeReplacementCharacters() {
        assertEquals("가\uFFFD나", normalizer.normalize("가\uD800나"));
    }

    @Test
    void isIdempotent() {
        String once = normalizer.normalize(" 가\u3000\u3000나 \n\n\n다 ");
        assertEquals(once, normalizer.normalize(once));
    }
}
