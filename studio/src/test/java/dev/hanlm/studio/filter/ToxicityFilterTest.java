package dev.hanlm.studio.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.train.classify.TextClassifier;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToxicityFilterTest {
    private static final ToxicityFilter FILTER = ToxicityFilter.load();
    private static final List<String> TOXIC = List.of("이 개새끼야 꺼져 병신아", "닥쳐 미친놈아", "ㅅㅂ 존나 짜증나네", "씨1발 진짜 꺼져라");
    private static final List<String> CLEAN = List.of("오늘 날씨가 정말 좋네요. 산책 가실래요?", "회의는 내일 오후 세 시에 시작합니다.",
            "고맙습니다 덕분에 잘 해결했어요", "이 영화 진짜 재밌다");

    @Test
    void clearInsultsScoreAboveTheThresholdAndPoliteTextBelow() {
        double threshold = FILTER.threshold();
        assertTrue(threshold > 0.05 && threshold < 0.95, "the dev-chosen threshold " + threshold);
        for (String text : TOXIC) assertTrue(FILTER.check(text).score() >= threshold, text + ": " + FILTER.check(text).score());
        for (String text : CLEAN) assertTrue(FILTER.check(text).score() < threshold, text + ": " + FILTER.check(text).score());
    }

    @Test
    void theScoreIsTheShippedClassifiersProbabilityAndTheSpanTheTrimmedText() {
        TextClassifier shipped = TextClassifier.read(Path.of("src/main/resources/filters/toxicity"));
        FilterResult result = FILTER.check("  닥쳐 미친놈아 ");
        assertEquals(shipped.probability("  닥쳐 미친놈아 "), result.score());
        assertEquals(List.of(new Span(2, 9, "유해 표현")), result.spans());
        assertEquals(new FilterResult(0, List.of()), FILTER.check(" \n"));
    }

    @Test
    void maskReplacesACaughtTextWholeAndLeavesACleanOne() {
        Screening s = AiFilters.screen(List.of("toxicity"), FilterSettings.Action.MASK, List.of("안녕하세요", "닥쳐 미친놈아"));
        assertEquals(List.of("안녕하세요", "[유해 표현]"), s.parts());
        FilterReport report = s.reports().getFirst();
        assertEquals("masked", report.actionTaken());
        assertEquals(List.of(new FilterReport.Hit(1, new Span(0, 7, "유해 표현"))), report.hits());
        assertEquals(FILTER.check("닥쳐 미친놈아").score(), report.score());
    }

    @Test
    void aRequestsThresholdDecidesWhatIsCaught() {
        List<String> text = List.of("닥쳐 미친놈아");
        double score = FILTER.check(text.getFirst()).score();
        assertTrue(AiFilters.screen(List.of("toxicity"), FilterSettings.Action.BLOCK, text).blocked());
        Screening lenient = AiFilters.screen(List.of("toxicity"), FilterSettings.Action.BLOCK, Math.nextUp(score), text);
        assertFalse(lenient.blocked());
        assertEquals("none", lenient.reports().getFirst().actionTaken());
        assertTrue(lenient.reports().getFirst().hits().isEmpty());
        assertEquals(score, lenient.reports().getFirst().score());
        assertTrue(AiFilters.screen(List.of("toxicity"), FilterSettings.Action.BLOCK, 0.0, List.of("안녕하세요")).blocked());
    }
}
