package dev.hanlm.eval;

import dev.hanlm.engine.EngineException;
import dev.hanlm.engine.Generator;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.Scorer;
import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.train.ptune.TunedPrompt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a task on a model under the protocol of docs/EVAL.md: for each number of shots and each seed, every item
 * (the first {@code limit}) is answered after demonstrations drawn by {@link ShotSampler} from the whole data file
 * (never the item itself), and the run is scored by the task's metric. Zero shots runs once, with the first seed.
 * The same model, data and settings give the same result.
 */
public final class Evaluator {
    /**
     * @param shots     the numbers of demonstrations, e.g. 0, 1, 5
     * @param seeds     the seeds of the demonstration draws
     * @param limit     score only the first {@code limit} items (0: all); the demonstrations still come from all
     * @param calibrate calibrate classification scores with a content-free input
     */
    public record Settings(List<Integer> shots, List<Long> seeds, int limit, boolean calibrate) {
        public Settings {
            shots = List.copyOf(shots);
            seeds = List.copyOf(seeds);
            if (shots.isEmpty() || shots.stream().anyMatch(k -> k < 0)) throw new EvalException("shots " + shots + " must be numbers of 0 or more");
            if (seeds.isEmpty()) throw new EvalException("give at least one seed");
            if (limit < 0) throw new EvalException("limit " + limit + " is negative");
        }
    }

    private final LanguageModel model;
    private final Tokenizer tokenizer;
    private final Scorer scorer;
    private final Generator generator;
    private final TunedPrompt tuned;
    private final Path promptDir;

    public Evaluator(LanguageModel model) {
        this(model, null, null);
    }

    /**
     * Evaluates {@code model} with a p-tuned prompt (read from {@code promptDir}, tuned on this model): zero-shot, the
     * prompt's template and verbalizers in place of the task's.
     */
    public Evaluator(LanguageModel model, TunedPrompt tuned, Path promptDir) {
        this.tokenizer = model.tokenizer().orElseThrow(() -> new EngineException("the model in " + model.directory()
                + " has no tokenizer.json, which evaluation needs to write prompts"));
        this.tuned = tuned;
        this.model = tuned == null ? model : tuned.applyTo(model, promptDir);
        this.promptDir = promptDir;
        this.scorer = new Scorer(this.model);
        this.generator = new Generator(this.model);
    }

    public EvalResult run(Task task, List<Example> all, String dataName, Settings settings, Progress progress) {
        List<Example> items = settings.limit() > 0 && settings.limit() < all.size() ? all.subList(0, settings.limit()) : all;
        if (items.isEmpty()) throw new EvalException("the data for task " + task.name() + " has no items");
        PromptWriter prompts = new Prompts(task, tokenizer, model.config().contextLength());
        if (tuned != null) {
            task = withTunedVerbalizers(task);
            if (!settings.shots().equals(List.of(0))) {
                throw new EvalException("a p-tuned prompt is evaluated zero-shot (--shots 0), not with " + settings.shots() + " shots");
            }
            prompts = new TunedPrompts(tuned, tokenizer, model.config().vocabSize(), model.config().contextLength());
        }
        ItemRunner runner = task.classification()
                ? new RankClassifier(task, scorer, prompts, settings.calibrate())
                : new GreedyAnswerer(task, generator, prompts);
        List<EvalResult.Shots> results = new ArrayList<>();
        for (int k : settings.shots()) {
            List<Long> seeds = k == 0 ? settings.seeds().subList(0, 1) : settings.seeds();
            List<EvalResult.Run> runs = new ArrayList<>();
            for (long seed : seeds) {
                String phase = task.name() + " " + k + "-shot seed " + seed;
                runs.add(run(task, runner, all, items, k, seed, phase, progress));
            }
            results.add(EvalResult.Shots.of(k, runs));
        }
        return new EvalResult(task.name(), model.directory().toString(), tuned == null ? null : promptDir.toString(),
                model.parameterCount(), dataName, items.size(),
                settings.calibrate() && task.classification(), results);
    }

    /** The task with the tuned prompt's verbalizers, which must name the same labels. */
    private Task withTunedVerbalizers(Task task) {
        if (task.classification() != tuned.classification()
                || task.classification() && !task.verbalizers().keySet().equals(tuned.verbalizers().keySet())) {
            throw new EvalException("the prompt was tuned for the labels " + tuned.verbalizers().keySet() + " (task " + tuned.task()
                    + "), but task " + task.name() + " has " + (task.classification() ? "the labels " + task.verbalizers().keySet() : "no labels"));
        }
        return new Task(task.name(), task.template(), tuned.verbalizers(), task.metric(), task.maxTokens(), task.loader());
    }

    private static EvalResult.Run run(Task task, ItemRunner runner, List<Example> all, List<Example> items, int k, long seed,
                                      String phase, Progress progress) {
        ShotSampler sampler = new ShotSampler(all.size(), seed);
        List<EvalResult.Item> scored = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            List<Example> shots = sampler.shots(i, k).stream().map(all::get).toList();
            scored.add(runner.run(items.get(i), shots));
            progress.update(phase, i + 1, items.size());
        }
        List<String> predictions = scored.stream().map(EvalResult.Item::prediction).toList();
        return new EvalResult.Run(seed, task.metric().score(predictions, items), scored);
    }
}
