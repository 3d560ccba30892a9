package dev.hanlm.studio.eventtitle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.studio.ScriptedBackend;
import dev.hanlm.studio.prompt.StudioParameters;
import java.util.List;
import org.junit.jupiter.api.Test;

class TitleRulesTest {
    private static final EventFields FIELDS = new EventFields("보조배터리 10,000mAh", "모아", "30%", "5월 1일~5월 7일", "디지털");
    private static final TitleRules RULES = new TitleRules(6, 20, List.of("최저가", "무조건"));

    @Test
    void lengthLimitsCountCharacters() {
        assertEquals(List.of("it is 5 characters, fewer than 6"), RULES.violations("모아 특가", FIELDS));
        assertEquals(List.of(), RULES.violations("모아 보조배터리 특가", FIELDS));
        assertEquals(List.of("it is 24 characters, more than 20"), RULES.violations("모아 보조배터리 특가 행사 지금 바로 만나요", FIELDS));
    }

    @Test
    void bannedWordsAreFoundEvenWhenSpacedOut() {
        assertEquals(List.of("it uses the banned word 최저가"), RULES.violations("모아 최 저 가 보조배터리", FIELDS));
        assertEquals(2, RULES.violations("무조건 최저가 모아 배터리", FIELDS).size());
    }

    @Test
    void everyFigureMustComeFromTheFields() {
        assertEquals(List.of(), RULES.violations("5월 7일까지 30% 할인", FIELDS));
        assertEquals(List.of(), RULES.violations("10000mAh 배터리 30%", FIELDS), "thousands commas do not matter");
        assertEquals(List.of("it has the number 50, which the fields do not"), RULES.violations("모아 배터리 50% 할인", FIELDS));
        assertEquals(List.of("it has the number 3, which the fields do not"), RULES.violations("단 3일 30% 할인!", FIELDS));
        assertEquals(List.of("10000", "2.5", "1", "1"), TitleRules.numbers("10,000원 2.5배 1+1"));
    }

    @Test
    void theBundledSetsAreWellFormedAndTheirReferencesPassTheDefaultRules() {
        List<TitledEvent> eval = TitledEvent.bundled(TitledEvent.BUNDLED_EVAL), train = TitledEvent.bundled(TitledEvent.BUNDLED_TRAIN);
        assertEquals(100, eval.size());
        assertEquals(25, train.size());
        TitleRules rules = TitleRules.defaults();
        for (TitledEvent e : eval) assertEquals(List.of(), rules.violations(e.title(), e.fields()), e.id() + ": " + e.title());
        for (TitledEvent e : train) assertEquals(List.of(), rules.violations(e.title(), e.fields()), e.id() + ": " + e.title());
        assertTrue(eval.stream().map(e -> e.fields().category()).distinct().count() >= 10, "varied categories");
        assertTrue(eval.stream().noneMatch(e -> train.stream().anyMatch(t -> t.title().equals(e.title()))), "no title in both sets");
    }

    @Test
    void candidatesPassingTheRulesComeFirstThenByLikelihood() {
        // logprob per token: the invented 50% is likeliest but breaks a rule
        ScriptedBackend backend = new ScriptedBackend(r -> List.of(" 모아 배터리 50% 할인", " 모아 보조배터리 30% 할인", " 모아 배터리 30% 세일", " 모아 배터리 30% 세일"),
                text -> text.contains("50") ? -0.1 : text.contains("세일") ? -0.5 : -1.0);
        TitleGenerator generator = new TitleGenerator(new FewShotTitles(backend, TitledEvent.bundled(TitledEvent.BUNDLED_TRAIN).subList(0, 2)), RULES);
        List<TitleCandidate> ranked = generator.candidates(FIELDS, 4, StudioParameters.defaults());
        assertEquals(List.of("모아 배터리 30% 세일", "모아 보조배터리 30% 할인", "모아 배터리 50% 할인"), ranked.stream().map(TitleCandidate::text).toList());
        assertEquals(-0.5, ranked.getFirst().score(), 1e-12);
        assertEquals(4, backend.requests.getFirst().n());
        assertEquals(0, backend.requests.getFirst().sampling().logprobs(), "log-probabilities are asked for");
        assertTrue(backend.lastPrompt().endsWith("입력: 상품명 보조배터리 10,000mAh / 브랜드 모아 / 할인율 30% / 기간 5월 1일~5월 7일 / 카테고리 디지털\n출력:"));

        TitleEvaluation.Result r = TitleEvaluation.run(generator, List.of(new TitledEvent("x", FIELDS, "모아 배터리 30% 세일")), 4, StudioParameters.defaults());
        assertEquals(100.0, r.bleu(), 1e-9);
        assertEquals(100.0, r.rougeL(), 1e-9);
        assertEquals(100.0, r.topPassRate(), 1e-9);
        assertEquals(200.0 / 3, r.candidatePassRate(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new EventFields(" ", "", "", "", ""));
    }

    @Test
    void withoutLogprobsCandidatesKeepTheirDrawOrderAfterTheRules() {
        ScriptedBackend backend = ScriptedBackend.replying(" 모아 배터리 50% 할인", " 모아 보조배터리 30% 할인", " 모아 배터리 30% 세일");
        List<TitleCandidate> ranked = new TitleGenerator(new FewShotTitles(backend, List.of()), RULES).candidates(FIELDS, 3, StudioParameters.defaults());
        assertEquals(List.of("모아 보조배터리 30% 할인", "모아 배터리 30% 세일", "모아 배터리 50% 할인"), ranked.stream().map(TitleCandidate::text).toList());
        assertTrue(Double.isNaN(ranked.getFirst().score()), "no score is made up");
        TitleCandidate scored = new TitleCandidate("b", -3.0, List.of()), unscored = new TitleCandidate("a", Double.NaN, List.of());
        assertEquals(List.of(scored, unscored), java.util.stream.Stream.of(unscored, scored).sorted(TitleGenerator.RANKING).toList(),
                "a scored candidate ranks before an unscored one that passes as well");
    }
}
