package dev.hanlm.train.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JamoSpamFilterTest {
    private final JamoSpamFilter filter = new JamoSpamFilter(0.5);

    @Test
    void dropsWhenLoneJamoOutnumberSyllables() {
        assertFalse(filter.keep("ㅇㅇ ㄱㄱ ㅎㅎ ㅠㅠ 굿"));
        assertFalse(filter.keep("ㅋㅋㅋ 굿굿"), "3 jamo of 5 Hangul");
        assertTrue(filter.keep("ㅋㅋ 굿굿"), "2 jamo of 4 Hangul: exactly half stays");
        assertTrue(filter.keep("ㅋㅋ 재밌다"));
    }

    @Test
    void conjoiningAndHalfwidthJamoCountToo() {
        assertFalse(filter.keep("\u1100\u1100\u1100 가"));
        assertFalse(filter.keep("\uFFA1\uFFA1\uFFA1 가"));
    }

    @Test
    void textWithoutHangulIsLeftToTheRatioFilter() {
        assertTrue(filter.keep("no Korean here"));
    }
}
