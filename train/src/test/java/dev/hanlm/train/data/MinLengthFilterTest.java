package dev.hanlm.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MinLengthFilterTest {
    private final MinLengthFilter filter = new MinLengthFilter(10);

    @Test
    void countsNonSpaceCharactersNotCharsOrBytes() {
        assertTrue(filter.keep("가나다라마 바사아자차"), "ten syllables and a space");
        assertFalse(filter.keep("가나다라마 바사아자"), "nine syllables: one short");
        assertFalse(filter.keep("가 나 다 라 마 바 사 아 자"), "spaces do not count");
        assertFalse(filter.keep("\u00A0가나다\u3000라마바사아자"), "nor do no-break and ideographic spaces");
        assertTrue(filter.keep("😀😀😀😀😀가나다라마"), "a surrogate pair is one character");
    }

    @Test
    void zeroKeepsEverything() {
        assertTrue(new MinLengthFilter(0).keep(""));
        assertEquals("too_short", filter.reason());
    }
}
