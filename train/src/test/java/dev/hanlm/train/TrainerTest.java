package dev.hanlm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.grad.Gpt2Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void prepare() {
        data = TinyRun.prepareData(shared);
    }

    /** Stops the run once it has done {@code stopAfter} updates, as SIGTERM would. */
    private static Trainer stoppingAfter(TrainConfig config, int stopAfter) {
        Trainer[] trainer = new Trainer[1];
        trainer[0] = new Trainer(config, new Trainer.Listener() {
            @Override
            public void stepped(Trainer.StepReport report) {
                if (report.step() == stopAfter) trainer[0].requestStop();
            }
        });
        return trainer[0];
    }

    private static List<Double> losses(Path log) throws Exception {
        List<Double> losses = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            JsonNode o = JSON.readTree(line);
            losses.add(o.has("loss") ? o.get("loss").asDouble() : -o.get("val_loss").asDouble());
        }
        return losses;
    }

    @Test
    void aStoppedAndResumedRunEndsWithTheWeightsOfAnUninterruptedOne(@TempDir Path dir) throws Exception {
        Trainer.Result straight = new Trainer(TinyRun.config(data, dir.resolve("straight"), 8, ""), new Trainer.Listener() {}).run(false);
        assertFalse(straight.stopped());

        TrainConfig config = TinyRun.config(data, dir.resolve("interrupted"), 8, "");
        Trainer.Result first = stoppingAfter(config, 5).run(false);
        assertTrue(first.stopped());
        assertEquals(5, first.steps());
        assertNull(first.model());
        assertTrue(Files.isDirectory(dir.resolve("interrupted/checkpoints/step-00000005")), "stopping writes a checkpoint");
        Trainer.Result resumed = new Trainer(config, new Trainer.Listener() {}).run(true);
        assertEquals(8, resumed.steps());

        assertArrayEquals(Gpt2Weights.load(straight.model()).values(), Gpt2Weights.load(resumed.model()).values());
        assertEquals(losses(dir.resolve("straight/log.jsonl")), losses(dir.resolve("interrupted/log.jsonl")),
                "the resumed log reads as the uninterrupted one");
        assertEquals(straight.validationLoss(), resumed.validationLoss());
    }

    @Test
    void theSameSeedGivesTheSameWeightsAndAnotherSeedOthers(@TempDir Path dir) {
        float[] a = Gpt2Weights.load(new Trainer(TinyRun.config(data, dir.resolve("a"), 3, ""), new Trainer.Listener() {}).run(false).model()).values();
        float[] b = Gpt2Weights.load(new Trainer(TinyRun.config(data, dir.resolve("b"), 3, ""), new Trainer.Listener() {}).run(false).model()).values();
        float[] c = Gpt2Weights.load(new Trainer(TinyRun.config(data, dir.resolve("c"), 3, "\"seed\":7"), new Trainer.Listener() {}).run(false).model()).values();
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void writesALoadableModelALogAChartAndPrunedCheckpoints(@TempDir Path dir) throws Exception {
        TrainConfig config = TinyRun.config(data, dir.resolve("run"), 9, "\"keep_checkpoints\":2,\"save_dtype\":\"bf16\"");
        List<Double> firstLoss = new ArrayList<>();
        Trainer.Result result = new Trainer(config, new Trainer.Listener() {
            @Override
            public void stepped(Trainer.StepReport report) {
                if (report.step() == 1) firstLoss.add(report.loss());
            }
        }).run(false);
        // an untrained model predicts about uniformly: its loss is near ln(vocab)
        assertEquals(Math.log(300), firstLoss.getFirst(), 0.3);
        assertTrue(result.validationLoss() < firstLoss.getFirst(), "validation loss " + result.validationLoss() + " after training");

        Path run = dir.resolve("run");
        List<String> log = Files.readAllLines(run.resolve("log.jsonl"));
        assertEquals(9 + 3, log.size(), "9 updates and validations at steps 3, 6 and 9");
        byte[] png = Files.readAllBytes(run.resolve("loss.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        try (var entries = Files.list(run.resolve("checkpoints"))) {
            assertEquals(List.of("latest", "step-00000006", "step-00000009"), entries.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("step-00000009", Files.readString(run.resolve("checkpoints/latest")).strip());
        JsonNode state = JSON.readTree(run.resolve("checkpoints/step-00000009/trainer_state.json").toFile());
        assertEquals(9, state.get("step").asInt());
        assertEquals(9 * 2 * 16, state.get("tokens_seen").asLong());

        // the final model is an HF gpt2 directory the engine loads, in bf16 as asked
        try (LanguageModel model = LanguageModel.load(result.model())) {
            assertEquals(300, model.config().vocabSize());
            assertEquals("재밌어요", model.tokenizer().orElseThrow().decode(model.tokenizer().orElseThrow().encode("재밌어요")));
        }
        assertTrue(Files.readString(result.model().resolve("config.json")).contains("\"model_type\""));
    }

    @Test
    void aFreshRunNeverOverwritesAnEarlierOne(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        TrainingException e = assertThrows(TrainingException.class,
                () -> new Trainer(TinyRun.config(data, out, 2, ""), new Trainer.Listener() {}).run(false));
        assertTrue(e.getMessage().contains("already holds a training run"), e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void resumingIntoAnotherShapeIsRefused(@TempDir Path dir) {
        Path out = dir.resolve("run");
        new Trainer(TinyRun.config(data, out, 3, ""), new Trainer.Listener() {}).run(false);
        TrainingException e = assertThrows(TrainingException.class,
                () -> new Trainer(TinyRun.config(data, out, 6, "\"layers\":3"), new Trainer.Listener() {}).run(true));
        assertTrue(e.getMessage().contains("layers=2") && e.getMessage().contains("layers=3"), e.getMessage());
        TrainingException none = assertThrows(TrainingException.class,
                () -> new Trainer(TinyRun.config(data, dir.resolve("empty"), 6, ""), new Trainer.Listener() {}).run(true));
        assertTrue(none.getMessage().contains("nothing to resume"), none.getMessage());
    }

    @Test
    void fineTunesFromAModelDirectory(@TempDir Path dir) {
        Path base = new Trainer(TinyRun.config(data, dir.resolve("base"), 3, ""), new Trainer.Listener() {}).run(false).model();
        // init_from's shape wins over the (default) shape keys
        TrainConfig tune = TinyRun.config(data, dir.resolve("tuned"), 2, "\"init_from\":\"" + base + "\",\"layers\":4");
        Trainer.Result tuned = new Trainer(tune, new Trainer.Listener() {}).run(false);
        Gpt2Weights before = Gpt2Weights.load(base), after = Gpt2Weights.load(tuned.model());
        assertEquals(before.shape(), after.shape());
        assertFalse(java.util.Arrays.equals(before.values(), after.values()));
    }
}
