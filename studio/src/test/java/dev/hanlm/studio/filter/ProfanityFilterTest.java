package dev.hanlm.studio.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProfanityFilterTest {
    private static final ProfanityFilter FILTER = ProfanityFilter.load();

    @ParameterizedTest
    @ValueSource(strings = {"아 씨발 진짜", "이 병신아", "개새끼", "TLQKF 뭐야", "ㅆㅂ 짜증나", "ㅅ.ㅂ", "씨 발", "개 새 끼", "시1발", "시-발놈", "씨.발", "존 나 싫어"})
    void lexiconWordsAndTheirEvasionsAreCaught(String text) {
        FilterResult result = FILTER.check(text);
        assertEquals(1.0, result.score(), text);
        assertTrue(result.caught());
    }

    @ParameterizedTest
    @ValueSource(strings = {"오늘 날씨가 좋네요", "시발점으로 돌아가자", "노래방 십팔번은 뭐예요?", "오후 4시 발표가 있어요", "노무사 상담",
            "오크통에서 숙성한 와인", "허리띠를 졸라매다", "앰뷸런스가 왔다", "자살 예방 상담 전화", "시 발표회"})
    void innocentWordsThatHoldALexiconEntryPass(String text) {
        FilterResult result = FILTER.check(text);
        assertEquals(0.0, result.score(), () -> text + " flagged at " + result.spans());
    }

    @Test
    void spansCoverTheWordAndTheSeparatorsInsideIt() {
        String text = "야 이 씨 1 발 놈아";
        List<Span> spans = FILTER.check(text).spans();
        assertEquals(1, spans.size());
        assertEquals("씨 1 발", text.substring(spans.getFirst().start(), spans.getFirst().end()));
        assertEquals("비속어", spans.getFirst().kind());
    }

    @Test
    void eachOccurrenceIsItsOwnSpan() {
        String text = "병신 같은 소리, 진짜 병신";
        List<Span> spans = FILTER.check(text).spans();
        assertEquals(List.of(new Span(0, 2, "비속어"), new Span(13, 15, "비속어")), spans);
    }

    @Test
    void latinEntriesMatchInAnyCase() {
        String text = "omg JonNa weird";
        Span span = FILTER.check(text).spans().getFirst();
        assertEquals("JonNa", text.substring(span.start(), span.end()));
    }
}
