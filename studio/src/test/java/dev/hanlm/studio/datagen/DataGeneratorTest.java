package dev.hanlm.studio.datagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.studio.CompletionRequest;
import dev.hanlm.studio.ScriptedBackend;
import dev.hanlm.studio.prompt.StudioParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataGeneratorTest {
    private static final DataTask TASK = new DataTask("호텔 고객 문의", List.of(new LabelSpec("예약", "방을 잡으려는 문의"), new LabelSpec("취소", "예약을 없애려는 문의")));
    private static final StudioParameters PARAMS = new StudioParameters(16, 0.9, null, null, null, null, null, null, 100L);

    @Test
    void exactAndNearDuplicatesAreDropped() {
        UtteranceDeduplicator d = new UtteranceDeduplicator(0.7);
        assertTrue(d.add("내일 방 예약하고 싶어요"));
        assertFalse(d.add("내일 방 예약하고 싶어요!"), "exact once punctuation is gone");
        assertFalse(d.add("내일방예약하고 싶어요"), "exact once spaces are gone");
        assertFalse(d.add("내일 방 예약하고 싶어요요"), "near: most bigrams shared");
        assertTrue(d.add("예약 취소해 주세요"));
        assertFalse(d.add("?!"), "nothing left after normalizing");
        // 내일방예약하고싶어요 vs 내일방예약하고싶어요요: 9 bigrams and 10 with 9 shared -> 0.9
        assertEquals(0.9, UtteranceDeduplicator.jaccard(UtteranceDeduplicator.bigrams("내일방예약하고싶어요"),
                UtteranceDeduplicator.bigrams("내일방예약하고싶어요요")), 1e-12);
    }

    @Test
    void createsPerLabelWithSeedsAvoidListAndDedup() {
        ScriptedBackend backend = ScriptedBackend.replying(" 방 있나요?", " 방 있나요?", " 2박 예약할게요\n다음", " 취소할게요", " 예약 취소 부탁해요");
        List<LabeledUtterance> out = new DataGenerator(backend).generate(TASK, new DataGenerator.Settings(2, 3, 2, 0.7, PARAMS), null);
        assertEquals(List.of(new LabeledUtterance("방 있나요?", "예약"), new LabeledUtterance("2박 예약할게요", "예약"),
                new LabeledUtterance("취소할게요", "취소"), new LabeledUtterance("예약 취소 부탁해요", "취소")), out);
        List<Long> seeds = backend.requests.stream().map(r -> r.sampling().seed()).toList();
        assertEquals(List.of(100L, 101L, 102L, 103L, 104L), seeds, "a seed per sample");
        String third = ((CompletionRequest.TextPrompt) backend.requests.get(2).prompt()).text();
        assertTrue(third.contains("이미 쓴 문장과 다르게 씁니다: 방 있나요?"), third);
        assertTrue(third.endsWith("입력: 예약 (방을 잡으려는 문의)\n출력:"), third);
        assertTrue(backend.requests.getFirst().sampling().stop().contains("\n"));
    }

    @Test
    void aLabelTheModelCannotFillStopsAtItsAttemptLimit() {
        ScriptedBackend backend = ScriptedBackend.replying(" 같은 말");
        List<LabeledUtterance> out = new DataGenerator(backend).generate(TASK, new DataGenerator.Settings(2, 3, 0, 0.7, PARAMS), null);
        assertEquals(1, out.size());
        assertEquals(12, backend.requests.size(), "2 labels x 2 wanted x 3 attempts each");
    }

    @Test
    void exportsCsvAndJsonl(@TempDir Path dir) throws Exception {
        List<LabeledUtterance> data = List.of(new LabeledUtterance("네, \"예약\"할게요", "예약"), new LabeledUtterance("취소", "취소"));
        UtteranceFiles.write(dir.resolve("d.csv"), data);
        assertEquals("text,label\r\n\"네, \"\"예약\"\"할게요\",예약\r\n취소,취소\r\n", Files.readString(dir.resolve("d.csv")));
        UtteranceFiles.write(dir.resolve("d.jsonl"), data);
        assertEquals("{\"text\":\"네, \\\"예약\\\"할게요\",\"label\":\"예약\"}\n{\"text\":\"취소\",\"label\":\"취소\"}\n", Files.readString(dir.resolve("d.jsonl")));
        assertThrows(IllegalArgumentException.class, () -> UtteranceFiles.write(dir.resolve("d.txt"), data));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file is left");
        }
    }

    @Test
    void taskNeedsTwoDistinctLabels() {
        assertThrows(IllegalArgumentException.class, () -> new DataTask("", List.of(new LabelSpec("a", ""))));
        assertThrows(IllegalArgumentException.class, () -> new DataTask("", List.of(new LabelSpec("a", ""), new LabelSpec("a", "x"))));
    }
}
