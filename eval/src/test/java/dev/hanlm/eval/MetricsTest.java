package dev.hanlm.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each metric against cases computed by hand. */
class MetricsTest {
    private static List<Example> gold(String... answers) {
        return java.util.stream.IntStream.range(0, answers.length)
                .mapToObj(i -> new Example(String.valueOf(i), Map.of(), List.of(answers[i]))).toList();
    }

    @Test
    void accuracyCountsExactLabels() {
        assertEquals(75.0, ClassificationMetrics.accuracy(List.of("a", "b", "a", "a"), List.of("a", "b", "b", "a")), 1e-12);
    }

    @Test
    void binaryF1TakesOneLabelAsPositive() {
        // TP 2, predicted positive 3, gold positive 3: F1 = 2 * 2 / (3 + 3)
        assertEquals(200.0 / 3, ClassificationMetrics.f1(List.of("1", "1", "0", "0", "1"), List.of("1", "0", "0", "1", "1"), "1"), 1e-9);
        assertEquals(0.0, ClassificationMetrics.f1(List.of("0"), List.of("0"), "1"), 0);
    }

    @Test
    void macroF1AveragesOverGoldAndPredictedLabels() {
        // a: TP 1, 2 predicted, 2 gold -> 1/2; b: TP 1, 2 predicted, 1 gold -> 2/3; c: never right -> 0
        double expected = 100 * (0.5 + 2.0 / 3 + 0) / 3;
        assertEquals(expected, ClassificationMetrics.macroF1(List.of("a", "b", "b", "a"), List.of("a", "a", "b", "c")), 1e-9);
        assertEquals(expected, Metrics.named("macro_f1").score(List.of("a", "b", "b", "a"), gold("a", "a", "b", "c")).get("macro_f1"), 1e-9);
    }

    @Test
    void pearsonOfAHandComputedSeries() {
        // dx = (-1, 0, 1), dy = (-7/3, -1/3, 8/3): r = 5 / sqrt(2 * 114/9)
        assertEquals(5 / Math.sqrt(2 * 114.0 / 9), Pearson.r(new double[] {1, 2, 3}, new double[] {2, 4, 7}), 1e-12);
        assertEquals(0.0, Pearson.r(new double[] {1, 1, 1}, new double[] {2, 4, 7}), 0, "constant input: undefined, reported 0");
    }

    @Test
    void pearsonReadsTheFirstNumberAndCountsAnswersWithout() {
        assertEquals(4.5, Pearson.firstNumber("4.5점입니다"), 0);
        assertEquals(3.0, Pearson.firstNumber(" 3"), 0);
        assertTrue(Double.isNaN(Pearson.firstNumber("모르겠다")));
        Map<String, Double> s = Metrics.named("pearson").score(List.of("1", "2", "?", "3"), gold("1.0", "2.0", "2.5", "3.0"));
        // the unparsed answer takes the gold mean 2.125: r of (1, 2, 2.125, 3) with (1, 2, 2.5, 3)
        assertEquals(100 * Pearson.r(new double[] {1, 2, 2.125, 3}, new double[] {1, 2, 2.5, 3}), s.get("pearson"), 1e-9);
        assertEquals(1.0, s.get("unparsed"));
    }

    @Test
    void korquadNormalizationFollowsTheOfficialScript() {
        assertEquals("강의 노래", KorquadScore.normalize("《강의 노래》"));
        assertEquals("hello world", KorquadScore.normalize("  Hello,   World! "));
        assertEquals("주 한빛", KorquadScore.normalize("(주)한빛"));
        assertEquals("1989년 2월 15일", KorquadScore.normalize("‘1989년 2월 15일’"));
        assertEquals("다", KorquadScore.normalize("\"다\"."));
        assertTrue(KorquadScore.exactMatch("《강의 노래》", "강의 노래"));
        assertFalse(KorquadScore.exactMatch("강의노래", "강의 노래"), "exact match keeps the spaces");
    }

    @Test
    void korquadF1CountsCharactersWithoutSpaces() {
        assertEquals(2.0 / 3, KorquadScore.f1("김하늘이었다", "김하늘"), 1e-12); // P 3/6, R 3/3
        assertEquals(10.0 / 12, KorquadScore.f1("1974년 2월", "1974년"), 1e-12); // P 5/7, R 1
        assertEquals(1.0, KorquadScore.f1("강의노래", "《강의 노래》"), 1e-12, "F1 ignores the spaces");
        assertEquals(0.0, KorquadScore.f1("", "김하늘"), 0);
    }

    @Test
    void korquadTakesTheBestReference() {
        List<Example> items = List.of(new Example("q", Map.of(), List.of("김하늘", "김하늘이었다")),
                new Example("r", Map.of(), List.of("1974년")));
        Map<String, Double> s = KorquadScore.score(List.of("김하늘이었다", "1974년 2월"), items);
        assertEquals(50.0, s.get("exact_match"), 1e-9);
        assertEquals(100 * (1.0 + 10.0 / 12) / 2, s.get("f1"), 1e-9);
        assertEquals(List.of("exact_match", "f1"), List.copyOf(s.keySet()), "the headline comes first");
    }
}
