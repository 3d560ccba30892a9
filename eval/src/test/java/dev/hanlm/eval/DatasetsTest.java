package dev.hanlm.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loaders on small samples of each format, and the custom task syntax. */
class DatasetsTest {
    static Path resource(String name) {
        try {
            return Path.of(DatasetsTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void nsmcIsPlainTsvWithoutQuoteRules() {
        List<Example> items = Datasets.nsmc(resource("nsmc-sample.txt"));
        assertEquals(40, items.size());
        assertEquals(new Example("6270596", Map.of("document", "굳 ㅋ"), List.of("1")), items.getFirst());
        assertEquals("0", items.get(1).gold());
    }

    @Test
    void nsmcRefusesAFileWithoutItsHeader(@TempDir Path tmp) throws Exception {
        Path f = Files.writeString(tmp.resolve("x.txt"), "1\tgood\t1\n");
        assertTrue(assertThrows(EvalException.class, () -> Datasets.nsmc(f)).getMessage().contains("header"));
    }

    @Test
    void klueStsBinaryAndScore() {
        List<Example> binary = Datasets.stsBinary(resource("klue-sts-sample.json"));
        List<Example> score = Datasets.stsScore(resource("klue-sts-sample.json"));
        assertEquals(6, binary.size());
        assertEquals("klue-sts-v1_dev_00000", binary.getFirst().id());
        assertEquals("무엇보다도 호스트분들이 너무 친절하셨습니다.", binary.getFirst().fields().get("sentence1"));
        assertEquals(List.of("1", "0", "0", "1", "0", "0"), binary.stream().map(Example::gold).toList());
        assertEquals(List.of("4.9", "1.4", "1.3", "3.7", "2.5", "1.1"), score.stream().map(Example::gold).toList());
    }

    @Test
    void klueNliAndYnat() {
        List<Example> nli = Datasets.nli(resource("klue-nli-sample.json"));
        assertEquals(List.of("contradiction", "contradiction", "neutral", "entailment", "entailment", "contradiction"),
                nli.stream().map(Example::gold).toList());
        assertEquals("어떤 방에서도 흡연은 금지됩니다.", nli.getFirst().fields().get("hypothesis"));
        List<Example> ynat = Datasets.ynat(resource("ynat-sample.json"));
        assertEquals(5, ynat.size());
        assertEquals("사회", ynat.get(4).gold(), "the label, not the predefined category");
        assertTrue(Tasks.named("ynat").verbalizers().keySet().containsAll(ynat.stream().map(Example::gold).toList()));
    }

    @Test
    void korquadGivesOneItemPerQuestionWithEveryAnswer() {
        List<Example> items = Datasets.korquad(resource("korquad-sample.json"));
        assertEquals(List.of("sample-0-0", "sample-0-1", "sample-1-0"), items.stream().map(Example::id).toList());
        assertEquals(List.of("김하늘", "김하늘이었다"), items.get(1).answers());
        assertTrue(items.get(2).fields().get("context").startsWith("초록 강은"));
    }

    @Test
    void parallelFindsTheOtherSide() {
        List<Example> enTarget = Datasets.parallel(resource("parallel-sample.ko"), "en");
        assertEquals(3, enTarget.size());
        assertEquals("나는 오늘 학교에 갔다.", enTarget.getFirst().fields().get("ko"));
        assertEquals("I went to school today.", enTarget.getFirst().gold());
        assertEquals("날씨가 매우 좋다.", Datasets.parallel(resource("parallel-sample.en"), "ko").get(1).gold());
    }

    @Test
    void customTaskReadsItsJsonlBesideIt() {
        CustomTask.Loaded loaded = CustomTask.read(resource("review-task.json"));
        Task task = loaded.task();
        assertEquals("review-sentiment", task.name());
        assertTrue(task.classification());
        List<Example> items = task.loader().load(loaded.data());
        assertEquals(4, items.size());
        assertEquals("r1", items.getFirst().id());
        assertEquals("1", items.getFirst().gold());
        assertEquals("리뷰: 정말 재미있는 영화였어요\n감정:", task.template().render(items.getFirst().fields()));
        assertEquals("긍정", task.answerText(items.getFirst()));
    }

    @Test
    void customTaskErrorsNameTheProblem(@TempDir Path tmp) throws Exception {
        Path noTemplate = Files.writeString(tmp.resolve("a.json"), "{\"verbalizers\": {\"0\": \"x\"}}");
        assertTrue(assertThrows(EvalException.class, () -> CustomTask.read(noTemplate)).getMessage().contains("\"template\""));
        Path typo = Files.writeString(tmp.resolve("b.json"), "{\"template\": \"{x}\", \"verbaliser\": {}}");
        assertTrue(assertThrows(EvalException.class, () -> CustomTask.read(typo)).getMessage().contains("verbaliser"));
        Path badMetric = Files.writeString(tmp.resolve("c.json"), "{\"template\": \"{x}\", \"metric\": \"rouge\"}");
        assertTrue(assertThrows(EvalException.class, () -> CustomTask.read(badMetric)).getMessage().contains("rouge"));
    }

    @Test
    void templateNamesAMissingField() {
        Template t = new Template("{a} and {b} but not { c }");
        assertEquals(List.of("a", "b"), t.fields());
        assertEquals("1 and $2 but not { c }", t.render(Map.of("a", "1", "b", "$2")));
        assertTrue(assertThrows(EvalException.class, () -> t.render(Map.of("a", "1"))).getMessage().contains("{b}"));
    }
}
