package dev.hanlm.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.grad.FrozenModel;
import dev.hanlm.eval.CustomTask;
import dev.hanlm.eval.Example;
import dev.hanlm.eval.Task;
import dev.hanlm.eval.Tasks;
import dev.hanlm.train.Trainer;
import dev.hanlm.train.ptune.ModelIdentity;
import dev.hanlm.train.ptune.PromptEncoder;
import dev.hanlm.train.ptune.PromptTemplate;
import dev.hanlm.train.ptune.PromptTuner;
import dev.hanlm.train.ptune.TunedPrompt;
import dev.hanlm.train.ptune.TuningState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hanlm ptune}: p-tuning, a continuous prompt learned from data while the model stays frozen (docs/PTUNING.md). */
@Command(name = "ptune", mixinStandardHelpOptions = true,
        description = {"Learn a continuous prompt (p-tuning) for a task while the model stays frozen.",
                "The best prompt on the dev set is written to --output at once (prompt.safetensors + prompt.json);",
                "use it with `hanlm generate|eval --prompt-embeddings DIR`. Details: docs/PTUNING.md."})
final class PtuneCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--task", required = true, paramLabel = "NAME|FILE.json",
            description = "A built-in classification task (nsmc, klue-sts, klue-nli, ...) or a task file; a task without verbalizers tunes for its answer text.")
    String task;

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training items, in the task's data format.")
    Path train;

    @Option(names = "--dev", required = true, paramLabel = "FILE", description = "Dev items, in the task's data format; scored at each eval interval.")
    Path dev;

    @Option(names = "--dev-limit", paramLabel = "N", defaultValue = "0", description = "Score only the first N dev items; 0: all.")
    int devLimit;

    @Option(names = "--output", required = true, paramLabel = "PROMPT_DIR", description = "Where the best prompt goes.")
    Path output;

    @Option(names = "--prompt-tokens", paramLabel = "K", defaultValue = "8", description = "Virtual tokens (default: ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = "--template", paramLabel = "TEXT",
            description = "Where the virtual tokens go, e.g. '[P0..P3] {document} [P4..P7] 감정: {label}'; default: half before, half after the task's prompt.")
    String template;

    @Option(names = "--encoder", paramLabel = "lstm|mlp|none", defaultValue = "lstm",
            description = "The prompt encoder: P-tuning's BiLSTM + MLP, an MLP, or none (default: ${DEFAULT-VALUE}).")
    String encoder;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1000", description = "Updates (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "32", description = "Examples per update (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "1e-2", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--warmup-steps", paramLabel = "N", defaultValue = "50", description = "Linear warmup, then cosine decay to lr/10 (default: ${DEFAULT-VALUE}).")
    int warmupSteps;

    @Option(names = "--weight-decay", paramLabel = "W", defaultValue = "0", description = "AdamW decay of the encoder's matrices (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--eval-interval", paramLabel = "N", defaultValue = "100", description = "Score the dev set every N steps (default: ${DEFAULT-VALUE}).")
    int evalInterval;

    @Option(names = "--loss", paramLabel = "labels|vocabulary", defaultValue = "labels",
            description = {"The softmax of a classifier's loss: over its verbalizers (when each is one token; default) or the whole vocabulary,",
                    "which also makes `generate` emit a verbalizer after the prompt but learns more slowly."})
    String loss;

    @Option(names = "--resume", description = "Continue the run in --output from its last evaluation, with the same settings.")
    boolean resume;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Fixes the encoder's start and the batches (default: ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Task t = task.endsWith(".json") ? CustomTask.read(Path.of(task)).task() : Tasks.named(task);
        PromptEncoder.Kind kind = choice(PromptEncoder.Kind.class, encoder, "--encoder");
        PromptTemplate prompt = template != null ? PromptTemplate.parse(template) : PromptTemplate.around(t.template().text(), promptTokens);
        if (template != null && prompt.virtualTokens() != promptTokens && spec.commandLine().getParseResult().hasMatchedOption("--prompt-tokens")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--template has " + prompt.virtualTokens()
                    + " virtual tokens but --prompt-tokens says " + promptTokens);
        }
        List<PromptTuner.Example> trainItems = examples(t, train, 0), devItems = examples(t, dev, devLimit);
        PromptTuner.Settings settings = new PromptTuner.Settings(steps, batchSize, lr, lr / 10, warmupSteps, weightDecay, 1.0,
                evalInterval, seed, choice(PromptTuner.Loss.class, loss, "--loss"));
        if (!resume && Files.exists(output.resolve(TuningState.INFO_FILE))) {
            throw new CommandLine.ParameterException(spec.commandLine(), output + " already holds a p-tuning run: continue it with --resume, or choose another --output");
        }
        try (LanguageModel m = model.load()) {
            ModelIdentity identity = ModelIdentity.of(m.directory(), m.config());
            int hidden = kind.defaultHidden(m.config().hiddenSize());
            ObjectNode run = runSettings(t, prompt, kind, hidden, settings, identity);
            TuningState state = resume ? TuningState.read(output, run) : null;
            System.err.printf("p-tuning %d virtual tokens (%s encoder) on %s: %,d training and %,d dev items%n",
                    prompt.virtualTokens(), kind.name().toLowerCase(Locale.ROOT), m.directory(), trainItems.size(), devItems.size());
            System.err.println("template: " + prompt.text().replace("\n", "\\n"));
            PromptTuner tuner = new PromptTuner(FrozenModel.load(m.directory()), m, prompt, t.verbalizers());
            PromptEncoder enc = PromptEncoder.create(kind, prompt.virtualTokens(), m.config().hiddenSize(), hidden, seed);
            if (state != null) System.err.println("resuming at step " + state.step() + " of " + steps);
            long started = System.nanoTime();
            PromptTuner.Result result = tuner.run(enc, trainItems, devItems, settings, new Progress() {
                @Override
                public void best(float[] embeddings, PromptTuner.Score score) {
                    new TunedPrompt(t.name(), prompt, t.verbalizers(), embeddings, identity,
                            facts(run, score, trainItems.size(), started)).write(output);
                }

                @Override
                public void checkpoint(TuningState s) {
                    s.write(output);
                }
            }, state, run);
            System.err.printf("best %s %.4f at step %d; wrote %s in %.0f s%n", result.bestScore().metric(), result.bestScore().value(),
                    result.bestStep(), output, (System.nanoTime() - started) / 1e9);
        }
        return 0;
    }

    /** The constant of {@code type} named {@code value} (any case), or a usage error listing them. */
    private <E extends Enum<E>> E choice(Class<E> type, String value, String option) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String names = String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be one of " + names + ", not " + value);
        }
    }

    /** A task's items as tuning examples: the fields and the gold answer (a label, or the first reference). */
    private static List<PromptTuner.Example> examples(Task t, Path file, int limit) {
        List<Example> items = t.loader().load(file);
        if (limit > 0 && limit < items.size()) items = items.subList(0, limit);
        return items.stream().map(e -> new PromptTuner.Example(e.fields(), e.gold())).toList();
    }

    /** What defines the run: a resume must repeat it exactly. */
    private ObjectNode runSettings(Task t, PromptTemplate prompt, PromptEncoder.Kind kind, int hidden, PromptTuner.Settings s,
                                   ModelIdentity identity) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("task", t.name()).put("template", prompt.text()).put("encoder", kind.name().toLowerCase(Locale.ROOT))
                .put("encoder_hidden", hidden).put("train_file", train.toAbsolutePath().toString())
                .put("dev_file", dev.toAbsolutePath().toString()).put("dev_limit", devLimit).put("steps", s.steps())
                .put("batch_size", s.batchSize()).put("lr", s.lr()).put("min_lr", s.minLr()).put("warmup_steps", s.warmupSteps())
                .put("weight_decay", s.weightDecay()).put("grad_clip", s.gradClip()).put("eval_interval", s.evalInterval())
                .put("seed", s.seed()).put("loss", s.loss().name().toLowerCase(Locale.ROOT))
                .put("base_model_sha256", identity.weightsSha256());
        return o;
    }

    /** The run's settings, and how the prompt scored, kept in prompt.json for people. */
    private static ObjectNode facts(ObjectNode run, PromptTuner.Score score, int trainItems, long started) {
        ObjectNode o = run.deepCopy();
        o.remove("base_model_sha256");
        o.put("train_items", trainItems).put("dev_metric", score.metric()).put("dev_score", score.value())
                .put("seconds", Math.round((System.nanoTime() - started) / 1e9));
        return o;
    }

    /** The training progress line of {@code hanlm train}, and a line per dev score. */
    private static class Progress implements PromptTuner.Listener {
        private final TrainingProgress line = new TrainingProgress(System.err);
        private long trainingStarted = System.nanoTime();
        private long tokens;

        @Override
        public void step(int step, int steps, double loss, double lr, int batchTokens) {
            tokens += batchTokens;
            double seconds = (System.nanoTime() - trainingStarted) / 1e9;
            line.stepped(new Trainer.StepReport(step, steps, loss, lr, Double.NaN, tokens, tokens / seconds, seconds));
        }

        @Override
        public void evaluated(int step, PromptTuner.Score score, boolean best) {
            if (step == 0) trainingStarted = System.nanoTime(); // the rate counts training, not the baseline's scoring
            line.note(String.format("step %,d: dev %s %.4f%s", step, score.metric(), score.value(), best ? " (best so far: written)" : ""));
        }
    }
}
