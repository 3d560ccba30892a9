package dev.hanlm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.train.classify.TextClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hanlm classifier train and eval on a toy set whose label is whether a text holds a curse word. */
class ClassifierCliTest {
    @TempDir
    Path tmp;

    private Path jsonl(String name, int n, int seed) throws Exception {
        String[] bad = {"씨발", "병신", "꺼져"}, good = {"안녕", "감사", "좋아"};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = (i + seed) % 2;
            lines.add("{\"text\": \"오늘 " + (label == 1 ? bad : good)[(i * 7 + seed) % 3] + " 정말\", \"label\": " + label + "}");
        }
        return Files.write(tmp.resolve(name), lines);
    }

    @Test
    void trainsThenEvaluatesWithTheModelsMetrics() throws Exception {
        Path model = tmp.resolve("model");
        CliRun trained = CliRun.of("classifier", "train", "--input", jsonl("train.jsonl", 60, 0).toString(), "--dev",
                jsonl("dev.jsonl", 20, 1).toString(), "--output", model.toString(), "--buckets", "4096", "--epochs", "4", "--seed", "3");
        assertEquals(0, trained.exitCode(), trained.err());
        assertEquals(4, trained.err().lines().filter(l -> l.startsWith("epoch ")).count(), trained.err());
        TextClassifier classifier = TextClassifier.read(model);
        assertEquals(4096, classifier.features().buckets());

        CliRun evaluated = CliRun.of("classifier", "eval", "--model", model.toString(), "--input", jsonl("test.jsonl", 30, 2).toString());
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        assertTrue(evaluated.out().startsWith(String.format(Locale.ROOT, "threshold %.3f%n", classifier.threshold())), evaluated.out());
        assertTrue(evaluated.out().contains("test.jsonl: n=30 positives=15 precision=1.0000 recall=1.0000 f1=1.0000 accuracy=1.0000"),
                evaluated.out());
    }

    @Test
    void badInputIsOneLine() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.jsonl"), "{\"text\": \"안녕\"}\n");
        CliRun run = CliRun.of("classifier", "train", "--input", bad.toString(), "--output", tmp.resolve("m").toString());
        assertEquals(1, run.exitCode());
        assertEquals("hanlm: " + bad + " line 1 must be {\"text\": \"...\", \"label\": 0 or 1}" + System.lineSeparator(), run.err());
        assertTrue(Files.notExists(tmp.resolve("m")));
    }
}
