package dev.hanlm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hanlm train` end to end: tokenizer -> data prepare -> train -> generate, flags over a config file, SIGTERM and --resume. */
class TrainCliTest {
    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void prepare() throws Exception {
        Path corpus = Path.of(TrainCliTest.class.getResource("/nsmc-3000.txt").toURI());
        Path tokenizer = shared.resolve("tokenizer");
        assertEquals(0, CliRun.of("tokenizer", "train", "--input", corpus.toString(), "--vocab-size", "400", "--no-morpheme-aware",
                "--output", tokenizer.toString()).exitCode());
        data = shared.resolve("data");
        CliRun prepared = CliRun.of("data", "prepare", "--tokenizer", tokenizer.toString(), "--input", corpus.toString(),
                "--min-chars", "5", "--val-fraction", "0.05", "--output", data.toString());
        assertEquals(0, prepared.exitCode(), prepared.err());
    }

    @Test
    void trainsFromAConfigFileWithFlagsOverItAndTheModelGenerates(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("tiny.json");
        Files.writeString(config, "{\"layers\": 1, \"d_model\": 16, \"heads\": 2, \"context\": 32, \"batch_size\": 2, \"steps\": 50, \"lr\": 0.01}");
        Path out = dir.resolve("run");
        CliRun run = CliRun.of("train", "--config", config.toString(), "--data", data.toString(), "--output", out.toString(),
                "--steps", "4", "--eval-interval", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("trained 4 steps (256 tokens)"), run.out());
        assertTrue(run.err().contains("1 layers, d_model 16, 2 heads, context 32"), run.err());
        assertTrue(run.err().contains("step 2: validation loss"), run.err());
        assertTrue(Files.readString(out.resolve("train_config.json")).contains("\"steps\" : 4"));

        CliRun generated = CliRun.of("generate", "--model", out.resolve("model").toString(), "--max-tokens", "5", "--seed", "1",
                "--json", "영화");
        assertEquals(0, generated.exitCode(), generated.err());
        int ids = new com.fasterxml.jackson.databind.ObjectMapper().readTree(generated.out()).get("ids").size();
        assertTrue(ids >= 1 && ids <= 5, generated.out());
    }

    @Test
    void badSettingsAreOneLine(@TempDir Path dir) {
        CliRun run = CliRun.of("train", "--data", data.toString(), "--output", dir.resolve("run").toString(), "--steps", "3",
                "--heads", "5");
        assertEquals(1, run.exitCode());
        assertEquals("hanlm: heads (5) must divide d_model (256)", run.err().strip());
        CliRun noData = CliRun.of("train", "--data", dir.resolve("nothing").toString(), "--output", dir.resolve("run").toString(), "--steps", "3");
        assertEquals(1, noData.exitCode());
        assertTrue(noData.err().contains("nothing"), noData.err());
        assertTrue(Files.notExists(dir.resolve("run")), "a refused run writes nothing");
    }

    @Test
    void sigtermWritesACheckpointAndResumeFinishesTheRun(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--data", data.toString(), "--output", out.toString(), "--layers", "1", "--d-model", "16", "--heads", "2",
                "--context", "32", "--batch-size", "2", "--steps", "100000", "--checkpoint-interval", "0", "--eval-interval", "0"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        Path log = out.resolve("log.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((Files.notExists(log) || Files.size(log) == 0) && System.nanoTime() < deadline) Thread.sleep(50);
        process.destroy(); // SIGTERM
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the run stops after SIGTERM");
        String printed = Files.readString(dir.resolve("log.txt"));
        assertTrue(printed.contains("--resume"), printed);
        String latest = Files.readString(out.resolve("checkpoints/latest")).strip();
        int stoppedAt = Integer.parseInt(latest.substring("step-".length()));
        assertTrue(stoppedAt >= 1 && stoppedAt < 100000, latest);

        CliRun resumed = CliRun.of("train", "--data", data.toString(), "--output", out.toString(), "--layers", "1", "--d-model", "16",
                "--heads", "2", "--context", "32", "--batch-size", "2", "--steps", String.valueOf(stoppedAt + 2), "--resume");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("resuming at step " + stoppedAt), resumed.err());
        assertEquals(stoppedAt + 2, Files.readAllLines(log).stream().filter(l -> l.contains("\"loss\"")).count());
    }
}
