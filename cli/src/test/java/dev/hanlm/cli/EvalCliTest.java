package dev.hanlm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hanlm eval end to end on the bundled model over 200 NSMC items: the pipeline, not the score. */
class EvalCliTest {
    @TempDir
    static Path tmp;
    static Path nsmc;
    static Path run;
    static CliRun evaluated;

    @BeforeAll
    static void evaluate() throws URISyntaxException {
        nsmc = Path.of(EvalCliTest.class.getResource("/nsmc-200.txt").toURI());
        run = tmp.resolve("run.json");
        evaluated = CliRun.of("eval", "--task", "nsmc", "--data", nsmc.toString(), "--shots", "0,1", "--seeds", "1,2",
                "--json", run.toString());
    }

    @Test
    void printsThePapersTableAndWritesEveryPrediction() throws Exception {
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        assertTrue(evaluated.out().startsWith("nsmc · hanlm-mini-ko ("), evaluated.out());
        assertTrue(evaluated.out().contains("200 items"), evaluated.out());
        assertTrue(evaluated.out().lines().anyMatch(l -> l.startsWith("1      2 ") && l.contains(" ± ")), evaluated.out());

        JsonNode json = new ObjectMapper().readTree(run.toFile());
        assertEquals("nsmc", json.get("task").asText());
        assertEquals(2, json.get("results").size());
        List<String> lines = Files.readAllLines(nsmc);
        for (JsonNode shots : json.get("results")) {
            for (JsonNode r : shots.get("runs")) {
                JsonNode items = r.get("items");
                assertEquals(200, items.size());
                for (int i = 0; i < 200; i++) {
                    String[] cols = lines.get(i + 1).split("\t", -1);
                    assertEquals(cols[0], items.get(i).get("id").asText());
                    assertEquals(cols[2], items.get(i).get("gold").get(0).asText());
                    assertTrue(Set.of("0", "1").contains(items.get(i).get("prediction").asText()));
                }
                double accuracy = r.get("metrics").get("accuracy").asDouble();
                assertTrue(accuracy >= 0 && accuracy <= 100);
            }
        }
    }

    @Test
    void reportMergesRunsIntoMarkdownAndAChart() throws Exception {
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        Path md = tmp.resolve("report.md"), png = tmp.resolve("report.png");
        CliRun report = CliRun.of("eval", "report", run.toString(), "--markdown", md.toString(), "--chart", png.toString());
        assertEquals(0, report.exitCode(), report.err());
        String table = Files.readString(md);
        assertTrue(table.startsWith("| model | nsmc 0-shot accuracy | nsmc 1-shot accuracy |"), table);
        assertTrue(table.contains("| hanlm-mini-ko ("), table);
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void aCustomTaskFileRunsWithoutJava() throws Exception {
        Files.writeString(tmp.resolve("items.jsonl"), """
                {"text": "정말 재미있다", "label": "pos"}
                {"text": "너무 지루하다", "label": "neg"}
                {"text": "최고의 영화", "label": "pos"}
                """);
        Path task = Files.writeString(tmp.resolve("mood.json"), """
                {"data": "items.jsonl", "template": "문장: {text}\\n기분:", "answer": "label",
                 "verbalizers": {"pos": "좋음", "neg": "나쁨"}, "metric": "f1:pos"}
                """);
        CliRun r = CliRun.of("eval", "--task", task.toString(), "--shots", "0,1", "--seeds", "4");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("mood · "), r.out());
        assertTrue(r.out().contains(" f1"), r.out());
    }

    @Test
    void mistakesGetOneLineEach() {
        CliRun noData = CliRun.of("eval", "--task", "nsmc");
        assertEquals(2, noData.exitCode(), "a flag is missing: a malformed command line");
        assertTrue(noData.err().contains("give --data FILE"), noData.err());
        CliRun unknown = CliRun.of("eval", "--task", "sst2", "--data", nsmc.toString());
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().startsWith("hanlm: unknown task \"sst2\""), unknown.err());
        CliRun wrongFormat = CliRun.of("eval", "--task", "klue-nli", "--data", nsmc.toString());
        assertEquals(1, wrongFormat.exitCode());
        assertTrue(wrongFormat.err().contains("is not valid JSON") || wrongFormat.err().contains("not a KLUE"), wrongFormat.err());
        assertEquals(1, wrongFormat.err().lines().count(), wrongFormat.err());
    }
}
