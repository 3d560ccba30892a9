package dev.hanlm.train.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HangulRatioFilterTest {
    private final HangulRatioFilter half = new HangulRatioFilter(0.5);

    @Test
    void onlyLettersCountAndHangulMustBeHalfOfThem() {
        assertTrue(half.keep("한국어 문장입니다. 12345678901234567890!!!"), "digits and punctuation do not dilute");
        assertTrue(half.keep("한국어 abc"), "3 of 6 letters: exactly half stays");
        assertFalse(half.keep("한국 abc"), "2 of 5 letters: just below half");
        assertFalse(half.keep("This is an English sentence with one 단어."));
        assertFalse(half.keep("大韓民國 憲法 第一條 대한"), "Hanja counts against");
    }

    @Test
    void loneJamoAreHangul() {
        assertTrue(half.keep("ㅋㅋ ok"));
    }

    @Test
    void aDocumentWithoutLettersIsDroppedUnlessTheRatioIsZero() {
        assertFalse(half.keep("1234 5678 -- !!"));
        assertTrue(new HangulRatioFilter(0).keep("1234 5678 -- !!"));
    }
}
