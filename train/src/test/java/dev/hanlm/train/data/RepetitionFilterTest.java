package dev.hanlm.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RepetitionFilterTest {
    private final RepetitionFilter filter = new RepetitionFilter(0.3);

    private static double share(String text) {
        return RepetitionFilter.repeatedShare(text.codePoints().toArray());
    }

    @Test
    void runsOfOneUnitRepeatedFourTimesCount() {
        assertEquals(4 / 6.0, share("ㅋㅋㅋㅋ 굿"), 1e-12);
        assertEquals(0, share("ㅋㅋㅋ 굿"), "three times is not yet a run");
        assertEquals(8 / 10.0, share("ㅋㅎㅋㅎㅋㅎㅋㅎ 굿"), 1e-12);
        assertEquals(0, share("ㅋㅎㅋㅎㅋㅎ 굿"), "a two-character unit three times");
        assertEquals(1.0, share("좋아요좋아요좋아요좋아요"));
        assertEquals(1.0, share("사랑해요사랑해요사랑해요사랑해요"), "units of four characters");
        assertEquals(0, share("사랑합니다사랑합니다사랑합니다사랑합니다"), "a five-character unit is a phrase, not spam");
    }

    @Test
    void digitOrSpaceRunsAreNotSpam() {
        assertEquals(0, share("인구는 1000000명"));
        assertEquals(4 / 9.0, share("!!!! 1000"), "punctuation runs are");
    }

    @Test
    void dropsWhenRunsCoverMoreThanTheShare() {
        assertFalse(filter.keep("재밌어요ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ 최고"));
        assertFalse(filter.keep("ㅋ ㅋ ㅋ ㅋ ㅋ ㅋ 영화"), "spaced out it is still a unit of two");
        assertTrue(filter.keep("와 진짜 대박 ㅋㅋㅋㅋ 이 영화 꼭 보세요 강추합니다"), "one run in a sentence stays");
        assertTrue(filter.keep(""));
        assertTrue(new RepetitionFilter(1).keep("ㅋㅋㅋㅋㅋㅋㅋㅋ"), "1 turns the filter off");
        assertEquals("repetition", filter.reason());
    }
}
