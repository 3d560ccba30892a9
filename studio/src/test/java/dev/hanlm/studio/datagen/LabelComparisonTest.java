package dev.hanlm.studio.datagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.train.classify.ClassifierTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelComparisonTest {
    /** Three intents, each with its own words: a separable toy set, in a fixed order (Map.of's varies by run). */
    private static final List<Map.Entry<String, List<String>>> WORDS = List.of(
            Map.entry("예약", List.of("예약", "방 잡기", "객실 예약")),
            Map.entry("취소", List.of("취소", "환불", "위약금")),
            Map.entry("시설", List.of("수영장", "주차장", "조식")));

    private static List<LabeledUtterance> toy(String... frames) {
        List<LabeledUtterance> out = new ArrayList<>();
        for (var e : WORDS) {
            for (String w : e.getValue()) for (String f : frames) out.add(new LabeledUtterance(f.formatted(w), e.getKey()));
        }
        return out;
    }

    @Test
    void oneVsRestLearnsASeparableThreeLabelSet() {
        OneVsRest model = OneVsRest.train(toy("%s 문의요", "%s 하고 싶어요", "%s 어떻게 해요"), ClassifierTrainer.Settings.DEFAULTS);
        assertEquals(List.of("시설", "예약", "취소"), model.labels());
        List<LabeledUtterance> test = toy("%s 알려 주세요");
        assertEquals(100.0, model.accuracy(test), "each label's words tell it apart");
        List<LabeledUtterance> oneWrong = new ArrayList<>(test.subList(0, 3));
        oneWrong.add(new LabeledUtterance("수영장 알려 주세요", "취소"));
        assertEquals(75.0, model.accuracy(oneWrong), "3 of 4 right");
        assertEquals(0.0, model.accuracy(List.of(new LabeledUtterance("조식 알려 주세요", "요금"))), "a label never trained on is wrong");
    }

    @Test
    void comparisonDrawsTheCreatedCountsPerLabelAndScoresBoth() {
        List<LabeledUtterance> created = toy("%s 문의요", "%s 하고 싶어요", "%s 어떻게 해요");
        List<LabeledUtterance> pool = toy("%s 가능한가요", "%s 부탁해요", "%s 궁금해요", "%s 좀요");
        LabelComparison.Result r = LabelComparison.run(created, pool, toy("%s 알려 주세요"), 3);
        assertEquals(27, r.trainSize());
        assertEquals(Map.of("시설", 9, "예약", 9, "취소", 9), r.counts());
        assertEquals(9, r.testSize());
        assertEquals(100.0, r.createdAccuracy());
        assertEquals(100.0, r.realAccuracy());
    }

    @Test
    void sampleTakesTheWantedCountOfEachLabelOrRefuses() {
        List<LabeledUtterance> pool = toy("%s");
        List<LabeledUtterance> s = LabelComparison.sample(pool, Map.of("예약", 2, "취소", 1), 7);
        assertEquals(2, s.stream().filter(u -> u.label().equals("예약")).count());
        assertEquals(1, s.stream().filter(u -> u.label().equals("취소")).count());
        assertEquals(3, s.size());
        assertThrows(IllegalArgumentException.class, () -> LabelComparison.sample(pool, Map.of("예약", 4), 7));
    }

    @Test
    void twoLabelsUseOneClassifierAndCreatedDataNeedsTwoLabels() {
        List<LabeledUtterance> created = List.of(new LabeledUtterance("정말 재미있어요 최고", "긍정"), new LabeledUtterance("최고의 영화 재미있다", "긍정"),
                new LabeledUtterance("지루하고 별로", "부정"), new LabeledUtterance("최악 지루함", "부정"));
        List<LabeledUtterance> test = List.of(new LabeledUtterance("재미있어요", "긍정"), new LabeledUtterance("최고", "긍정"),
                new LabeledUtterance("지루해", "부정"), new LabeledUtterance("최악이다", "부정"));
        List<LabeledUtterance> pool = List.of(new LabeledUtterance("x", "긍정"), new LabeledUtterance("y", "긍정"), new LabeledUtterance("p", "부정"),
                new LabeledUtterance("q", "부정"));
        LabelComparison.Result r = LabelComparison.run(created, pool, test, 1);
        assertEquals(100.0, r.createdAccuracy(), "the created words are the test's words");
        assertTrue(r.realAccuracy() <= 75.0, "letters that share nothing with the test cannot rank it: " + r.realAccuracy());
        assertThrows(IllegalArgumentException.class, () -> LabelComparison.run(created.subList(0, 2), pool, test, 1));
    }

    @Test
    void jsonlReadsBackWhatWasWritten(@TempDir Path dir) {
        List<LabeledUtterance> data = List.of(new LabeledUtterance("네, \"예약\"할게요", "예약"), new LabeledUtterance("요금이 얼마예요?", "요금 문의"));
        UtteranceFiles.write(dir.resolve("d.jsonl"), data);
        assertEquals(data, UtteranceFiles.read(dir.resolve("d.jsonl")));
    }
}
