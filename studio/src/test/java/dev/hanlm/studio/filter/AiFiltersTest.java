package dev.hanlm.studio.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class AiFiltersTest {
    private static final List<String> BOTH = List.of("profanity", "pii");

    @Test
    void decomposedHangulIsNormalizedBeforeMatching() {
        String decomposed = Normalizer.normalize("이 씨발", Normalizer.Form.NFD);
        Screening s = AiFilters.screen(List.of("profanity"), FilterSettings.Action.MASK, List.of(decomposed));
        assertEquals(List.of("이 [비속어]"), s.parts());
        assertEquals(new Span(2, 4, "비속어"), s.reports().getFirst().hits().getFirst().span());
    }

    @Test
    void scoreReportsEachFilterAndChangesNothing() {
        List<String> parts = List.of("안녕", "씨발 010-1234-5678");
        Screening s = AiFilters.screen(BOTH, FilterSettings.Action.SCORE, parts);
        assertEquals(parts, s.parts());
        assertFalse(s.blocked());
        assertEquals(List.of("profanity", "pii"), s.reports().stream().map(FilterReport::name).toList());
        for (FilterReport r : s.reports()) {
            assertEquals(1.0, r.score());
            assertEquals("none", r.actionTaken());
            assertEquals(1, r.hits().getFirst().part());
        }
    }

    @Test
    void blockBlocksOnlyWhenAFilterCatches() {
        assertTrue(AiFilters.screen(BOTH, FilterSettings.Action.BLOCK, List.of("메일: kim@naver.com")).blocked());
        Screening clean = AiFilters.screen(BOTH, FilterSettings.Action.BLOCK, List.of("좋은 아침"));
        assertFalse(clean.blocked());
        assertEquals(List.of("none", "none"), clean.reports().stream().map(FilterReport::actionTaken).toList());
    }

    @Test
    void maskJoinsTheSpansOfAllFilters() {
        Screening s = AiFilters.screen(BOTH, FilterSettings.Action.MASK, List.of("개새끼야 내 번호 010-1234-5678"));
        assertEquals(List.of("[비속어] 내 번호 [전화번호]"), s.parts());
        assertEquals(List.of("masked", "masked"), s.reports().stream().map(FilterReport::actionTaken).toList());
    }
}
