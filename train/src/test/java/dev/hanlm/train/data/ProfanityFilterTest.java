package dev.hanlm.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProfanityFilterTest {
    private final ProfanityFilter filter = new ProfanityFilter(0.05);

    @Test
    void aCommentMadeOfSwearingIsDropped() {
        assertFalse(filter.keep("아 씨발 진짜 개새끼"));
        assertFalse(filter.keep("시1발 뭐야"), "an evasion counts as the word");
        assertEquals("profanity", filter.reason());
    }

    @Test
    void aLongTextQuotingOneWordStays() {
        String article = "이 기사는 온라인 커뮤니티에서 욕설이 쓰이는 방식을 다룬다. 연구진은 댓글 십만 건을 모아 분석했고, 그중 한 예로 '씨발' 이라는 "
                + "표현이 감탄사처럼 쓰이는 경우를 들었다. 연구진은 이런 표현을 걸러 내는 방법과 그 한계를 함께 설명했다.";
        assertTrue(filter.keep(article));
    }

    @Test
    void theShareIsOfNonSpaceCharacters() {
        // "병신" is 2 of 40 non-space characters: exactly 5% stays, one character fewer goes
        String text = "병신" + "가".repeat(38);
        assertTrue(filter.keep(text));
        assertFalse(filter.keep("병신" + "가".repeat(37)));
        assertTrue(filter.keep("병신 " + "가 ".repeat(38)), "spaces do not dilute nor count");
    }

    @Test
    void innocentWordsHoldingAnEntryAndAShareOfOneKeepEverything() {
        assertTrue(filter.keep("시발점으로 돌아가자"));
        assertTrue(filter.keep("오후 4시 발표가 있어요"));
        assertTrue(new ProfanityFilter(1).keep("씨발"));
    }
}
