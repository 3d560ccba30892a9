package dev.hanlm.train.ptune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.grad.FrozenModel;
import dev.hanlm.train.TrainingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** P-tuning a frozen tiny model: it learns a synthetic task, deterministically, and never changes the model. */
class PromptTunerTest {
    private static final PromptTemplate TEMPLATE = PromptTemplate.parse("[P0..P1] {x} [P2..P3] {label}");
    private static final Map<String, String> VERBALIZERS = Map.of("1", "y", "0", "n");
    private static final List<PromptTuner.Example> DATA = new ArrayList<>();
    private static final com.fasterxml.jackson.databind.JsonNode RUN = JsonNodeFactory.instance.objectNode().put("seed", 7);
    private static final PromptTuner.Settings SETTINGS = new PromptTuner.Settings(150, 8, 0.05, 0.005, 10, 0.0, 1.0, 50, 7,
            PromptTuner.Loss.LABELS);

    static {
        String[] words = {"cat", "dog", "sun", "sea", "red", "box", "pen", "map"};
        for (int i = 0; i < words.length; i++) DATA.add(new PromptTuner.Example(Map.of("x", words[i]), i % 2 == 0 ? "1" : "0"));
    }

    @TempDir
    static Path dir;
    static Path modelDir;

    @BeforeAll
    static void writeModel() {
        modelDir = TinyModel.write(dir.resolve("model"), 1, 0.3);
    }

    private record Run(PromptTuner.Result result, List<PromptTuner.Score> scores, List<TuningState> states) {}

    private static Run tune(PromptEncoder.Kind kind, Map<String, String> verbalizers, List<PromptTuner.Example> data) {
        return tune(kind, verbalizers, data, null);
    }

    private static Run tune(PromptEncoder.Kind kind, Map<String, String> verbalizers, List<PromptTuner.Example> data,
                            TuningState resume) {
        List<PromptTuner.Score> scores = new ArrayList<>();
        List<TuningState> states = new ArrayList<>();
        try (LanguageModel model = LanguageModel.load(modelDir)) {
            PromptTuner tuner = new PromptTuner(FrozenModel.load(modelDir), model, TEMPLATE, verbalizers);
            PromptEncoder encoder = PromptEncoder.create(kind, 4, 32, kind.defaultHidden(32), 3);
            PromptTuner.Listener listener = new PromptTuner.Listener() {
                public void step(int step, int steps, double loss, double lr, int tokens) {}

                public void evaluated(int step, PromptTuner.Score score, boolean best) {
                    scores.add(score);
                }

                public void checkpoint(TuningState state) {
                    states.add(state);
                }
            };
            return new Run(tuner.run(encoder, data, data, SETTINGS, listener, resume, RUN), scores, states);
        }
    }

    @Test
    void learnsASyntheticClassificationWithTheModelFrozen() {
        String before = ModelIdentity.weightsSha256(modelDir);
        float[] plainLogits;
        try (LanguageModel model = LanguageModel.load(modelDir)) {
            plainLogits = model.newSession().prefill(new int[] {5, 6, 7});
        }
        Run run = tune(PromptEncoder.Kind.LSTM, VERBALIZERS, DATA);
        assertEquals("accuracy", run.result().bestScore().metric());
        assertTrue(run.scores().getFirst().value() < 100, "not solved before tuning: " + run.scores());
        assertEquals(100, run.result().bestScore().value(), "learned: " + run.scores());
        assertEquals(before, ModelIdentity.weightsSha256(modelDir));
        try (LanguageModel model = LanguageModel.load(modelDir)) {
            assertArrayEquals(plainLogits, model.newSession().prefill(new int[] {5, 6, 7}));
        }
    }

    @Test
    void aRunResumedFromASavedStateEndsExactlyAsTheStraightRun() {
        Run straight = tune(PromptEncoder.Kind.LSTM, VERBALIZERS, DATA);
        assertEquals(List.of(50, 100, 150), straight.states().stream().map(TuningState::step).toList());
        Path stateDir = dir.resolve("state");
        straight.states().getFirst().write(stateDir);
        TuningState saved = TuningState.read(stateDir, RUN);
        Run resumed = tune(PromptEncoder.Kind.LSTM, VERBALIZERS, DATA, saved);
        assertArrayEquals(straight.result().bestEmbeddings(), resumed.result().bestEmbeddings());
        assertEquals(straight.result().finalLoss(), resumed.result().finalLoss());
        assertArrayEquals(straight.states().getLast().encoder(), resumed.states().getLast().encoder());
        TrainingException e = assertThrows(TrainingException.class,
                () -> TuningState.read(stateDir, JsonNodeFactory.instance.objectNode().put("seed", 8)));
        assertTrue(e.getMessage().contains("was started with other settings"), e.getMessage());
    }

    @Test
    void theSameSeedGivesTheSamePrompt() {
        float[] a = tune(PromptEncoder.Kind.MLP, VERBALIZERS, DATA).result().bestEmbeddings();
        float[] b = tune(PromptEncoder.Kind.MLP, VERBALIZERS, DATA).result().bestEmbeddings();
        assertArrayEquals(a, b);
    }

    @Test
    void aGenerationObjectiveRaisesTheTargetsLikelihood() {
        List<PromptTuner.Example> data = DATA.stream().map(e -> new PromptTuner.Example(e.fields(),
                new StringBuilder(e.fields().get("x")).reverse().toString())).toList();
        Run run = tune(PromptEncoder.Kind.NONE, Map.of(), data);
        assertEquals("log_likelihood_per_token", run.result().bestScore().metric());
        assertTrue(run.scores().getLast().value() > run.scores().getFirst().value() + 0.5, run.scores().toString());
    }

    @Test
    void aWrittenPromptLoadsOntoItsModelAndNoOther() {
        float[] embeddings = tune(PromptEncoder.Kind.NONE, VERBALIZERS, DATA).result().bestEmbeddings();
        Path promptDir = dir.resolve("prompt");
        try (LanguageModel model = LanguageModel.load(modelDir)) {
            new TunedPrompt("synthetic", TEMPLATE, VERBALIZERS, embeddings, ModelIdentity.of(modelDir, model.config()),
                    JsonNodeFactory.instance.objectNode().put("steps", 60)).write(promptDir);
        }
        TunedPrompt read = TunedPrompt.read(promptDir);
        assertArrayEquals(embeddings, read.embeddings());
        assertEquals(TEMPLATE.text(), read.template().text());
        assertEquals(VERBALIZERS, read.verbalizers());
        try (LanguageModel model = LanguageModel.load(modelDir); LanguageModel tuned = read.applyTo(model, promptDir)) {
            assertEquals(4, tuned.virtualTokenCount());
        }
        Path other = TinyModel.write(dir.resolve("other"), 2, 0.3);
        try (LanguageModel model = LanguageModel.load(other)) {
            TrainingException e = assertThrows(TrainingException.class, () -> read.applyTo(model, promptDir));
            assertTrue(e.getMessage().contains("was tuned on the model in " + modelDir), e.getMessage());
        }
        assertThrows(TrainingException.class, () -> TunedPrompt.read(dir.resolve("model")));
    }
}
