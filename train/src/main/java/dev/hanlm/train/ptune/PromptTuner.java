package dev.hanlm.train.ptune;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hanlm.engine.ContinuationScore;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.Scorer;
import dev.hanlm.engine.grad.FrozenModel;
import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.train.AdamW;
import dev.hanlm.train.Gradients;
import dev.hanlm.train.LearningRateSchedule;
import dev.hanlm.train.TrainingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * P-tuning (Liu et al. 2021): learns the embeddings of a template's virtual tokens, produced by a
 * {@link PromptEncoder}, while the language model stays frozen. Each step draws a batch of examples (seeded by
 * (seed, step)), runs prompt + answer through the {@link FrozenModel} with the cross-entropy of the answer's tokens
 * only (a label's verbalizer, or a target text), passes the gradient of the virtual tokens back through the encoder,
 * clips it by its global norm and takes one AdamW step at the warmup-then-cosine rate. With {@link Loss#LABELS} and
 * every verbalizer a single distinct token, the softmax is over the verbalizers only (as PET trains): the loss of
 * choosing the label, which ranking them at evaluation measures; otherwise it is over the whole vocabulary.
 *
 * <p>Before the first step (the untuned prompt's baseline), at every evaluation interval and at the end, the dev set is
 * scored with the inference engine: accuracy of
 * ranking the verbalizers (as {@code hanlm eval} does) for classification, or the mean log-likelihood per answer
 * token for a generation objective. The best prompt is kept (the earlier on a tie). After each evaluation the
 * listener gets a {@link TuningState}; since batches depend only on (seed, step), a run resumed from it continues
 * exactly as if never stopped.
 */
public final class PromptTuner {
    private static final double BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;
    /** Sequence lengths are rounded up to a multiple of this, so few activation shapes are made. */
    private static final int LENGTH_BUCKET = 16;

    /** An example: the template's fields and its answer (a label of the verbalizers, or the target text). */
    public record Example(Map<String, String> fields, String answer) {}

    /**
     * The softmax of the loss: over the verbalizers ({@code LABELS}, when each is one distinct token; else as
     * {@code VOCABULARY}) or over the whole vocabulary, which also teaches the model to emit the verbalizers (for
     * {@code generate}) but learns the choice more slowly.
     */
    public enum Loss { LABELS, VOCABULARY }

    public record Settings(int steps, int batchSize, double lr, double minLr, int warmupSteps, double weightDecay,
                           double gradClip, int evalInterval, long seed, Loss loss) {
        public Settings {
            if (steps < 1) throw new TrainingException("steps must be at least 1, not " + steps);
            if (batchSize < 1) throw new TrainingException("batch size must be at least 1, not " + batchSize);
            if (evalInterval < 1) throw new TrainingException("the eval interval must be at least 1, not " + evalInterval);
        }
    }

    /** A dev score, higher is better: accuracy in percent, or the mean log-likelihood per answer token. */
    public record Score(String metric, double value) {}

    /** Hears of the run; {@code best} and {@code checkpoint} are where a caller writes files. */
    public interface Listener {
        void step(int step, int steps, double loss, double lr, int tokens);

        void evaluated(int step, Score score, boolean best);

        /** A new best prompt (also the untuned one, scored before the first step). */
        default void best(float[] embeddings, Score score) {}

        /** The state after an evaluation, from which {@link #run} can resume. */
        default void checkpoint(TuningState state) {}
    }

    public record Result(float[] bestEmbeddings, int bestStep, Score bestScore, double finalLoss) {}

    private final FrozenModel frozen;
    private final LanguageModel model;
    private final Tokenizer tokenizer;
    private final PromptTemplate template;
    private final Map<String, String> verbalizers;
    private final List<String> labels;
    /** The verbalizers' ids, in label order. */
    private final List<int[]> choices;
    private final int vocab, context, longestChoice;
    /** The verbalizers' tokens when each is one distinct token, else null. */
    private final int[] singleTokenVerbalizers;

    /**
     * @param frozen      the model, as gradients need it
     * @param model       the same model for inference (dev scoring)
     * @param verbalizers label -> text for classification; empty for a generation objective
     */
    public PromptTuner(FrozenModel frozen, LanguageModel model, PromptTemplate template, Map<String, String> verbalizers) {
        if (frozen.vocabSize() != model.config().vocabSize() || frozen.dModel() != model.config().hiddenSize()) {
            throw new IllegalArgumentException("the frozen model and the inference model differ");
        }
        this.frozen = frozen;
        this.model = model;
        this.tokenizer = model.tokenizer().orElseThrow(() -> new TrainingException("the model in " + model.directory()
                + " has no tokenizer.json, which p-tuning needs to write prompts"));
        this.template = template;
        this.verbalizers = Collections.unmodifiableMap(new LinkedHashMap<>(verbalizers));
        this.labels = List.copyOf(verbalizers.keySet());
        this.choices = labels.stream().map(l -> PromptTemplate.answer(tokenizer, verbalizers.get(l))).toList();
        this.longestChoice = choices.stream().mapToInt(c -> c.length).max().orElse(0);
        int[] firsts = choices.stream().mapToInt(c -> c.length == 1 ? c[0] : -1).toArray();
        boolean single = firsts.length > 0 && Arrays.stream(firsts).allMatch(t -> t >= 0)
                && Arrays.stream(firsts).distinct().count() == firsts.length;
        this.singleTokenVerbalizers = single ? firsts : null;
        this.vocab = model.config().vocabSize();
        this.context = model.config().contextLength();
    }

    /**
     * Runs the tuning from the start, or from {@code resume} (a state of the same run, whose encoder parameters and
     * optimizer moments replace {@code encoder}'s). {@code run} identifies the run's settings in checkpoints.
     */
    public Result run(PromptEncoder encoder, List<Example> train, List<Example> dev, Settings settings, Listener listener,
                      TuningState resume, JsonNode run) {
        if (encoder.promptTokens() != template.virtualTokens() || encoder.dModel() != frozen.dModel()) {
            throw new TrainingException("the prompt encoder makes " + encoder.promptTokens() + " x " + encoder.dModel()
                    + " embeddings, the template needs " + template.virtualTokens() + " x " + frozen.dModel());
        }
        if (train.isEmpty()) throw new TrainingException("there are no training examples");
        if (dev.isEmpty()) throw new TrainingException("there are no dev examples");
        List<Sequence> sequences = train.stream().map(this::sequence).toList();
        List<Sequence> devSequences = dev.stream().map(this::sequence).toList();
        float[] parameters = encoder.parameters(), grads = new float[parameters.length];
        List<AdamW.Slice> slices = encoder.ranges().stream().map(r -> new AdamW.Slice(r.offset(), r.size(), r.decayed())).toList();
        LearningRateSchedule schedule = new LearningRateSchedule(settings.lr(), settings.minLr(), settings.warmupSteps(), settings.steps());
        AdamW adam;
        float[] best;
        Score bestScore;
        int bestStep, first;
        if (resume == null) {
            adam = new AdamW(slices, BETA1, BETA2, EPS, settings.weightDecay());
            best = encoder.forward();
            bestScore = score(best, devSequences);
            bestStep = first = 0;
            listener.evaluated(0, bestScore, true);
            listener.best(best, bestScore);
        } else {
            if (resume.encoder().length != parameters.length || resume.bestEmbeddings().length != template.virtualTokens() * frozen.dModel()) {
                throw new TrainingException("the saved tuning state does not fit this prompt encoder");
            }
            System.arraycopy(resume.encoder(), 0, parameters, 0, parameters.length);
            adam = new AdamW(slices, BETA1, BETA2, EPS, settings.weightDecay(), resume.firstMoment(), resume.secondMoment(), resume.adamSteps());
            best = resume.bestEmbeddings();
            bestScore = resume.bestScore();
            bestStep = resume.bestStep();
            first = resume.step();
        }
        int[] candidates = settings.loss() == Loss.LABELS ? singleTokenVerbalizers : null;
        double loss = Double.NaN;
        for (int step = first; step < settings.steps(); step++) {
            float[] virtual = encoder.forward();
            Batch batch = batch(sequences, settings, step);
            loss = frozen.forward(batch.size, batch.length, batch.inputs, batch.targets, virtual, candidates);
            float[] dVirtual = new float[virtual.length];
            frozen.backward(dVirtual);
            Arrays.fill(grads, 0f);
            encoder.backward(dVirtual, grads);
            Gradients.clipGlobalNorm(grads, settings.gradClip());
            double lr = schedule.at(step);
            adam.step(parameters, grads, lr);
            listener.step(step + 1, settings.steps(), loss, lr, batch.tokens);
            if ((step + 1) % settings.evalInterval() == 0 || step + 1 == settings.steps()) {
                float[] embeddings = encoder.forward();
                Score score = score(embeddings, devSequences);
                boolean better = score.value() > bestScore.value();
                if (better) {
                    best = embeddings;
                    bestScore = score;
                    bestStep = step + 1;
                    listener.best(embeddings, score);
                }
                listener.evaluated(step + 1, score, better);
                listener.checkpoint(new TuningState(step + 1, parameters.clone(), adam.firstMoment().clone(),
                        adam.secondMoment().clone(), adam.steps(), best, bestScore, bestStep, run));
            }
        }
        return new Result(best, bestStep, bestScore, loss);
    }

    /** An example's prompt ids and answer ids, the prompt fitted so that the answer fits after it. */
    private record Sequence(int[] prompt, int[] answer, String label) {}

    private Sequence sequence(Example e) {
        String text = verbalizers.isEmpty() ? e.answer() : verbalizers.get(e.answer());
        if (text == null) {
            throw new TrainingException("an example has the label \"" + e.answer() + "\", which is not one of " + verbalizers.keySet());
        }
        int[] answer = PromptTemplate.answer(tokenizer, text);
        if (answer.length == 0) throw new TrainingException("an example's answer \"" + text + "\" has no tokens");
        int room = Math.max(answer.length, longestChoice) - 1; // a scored answer's last token is never run
        int[] prompt = template.encode(tokenizer, e.fields(), vocab, context - room).ids();
        return new Sequence(prompt, answer, e.answer());
    }

    private record Batch(int size, int length, int[] inputs, int[] targets, int tokens) {}

    /** B examples drawn with replacement, each prompt + answer (but its last token), right-padded; targets: the answer. */
    private Batch batch(List<Sequence> sequences, Settings settings, int step) {
        SplittableRandom random = new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + step);
        List<Sequence> chosen = new ArrayList<>();
        int longest = 0;
        for (int b = 0; b < settings.batchSize(); b++) {
            Sequence s = sequences.get(random.nextInt(sequences.size()));
            chosen.add(s);
            longest = Math.max(longest, s.prompt.length + s.answer.length - 1);
        }
        int length = Math.min(context, Math.ceilDiv(longest, LENGTH_BUCKET) * LENGTH_BUCKET);
        int[] inputs = new int[chosen.size() * length], targets = new int[inputs.length];
        Arrays.fill(targets, -1);
        int tokens = 0;
        for (int b = 0; b < chosen.size(); b++) {
            Sequence s = chosen.get(b);
            int row = b * length;
            System.arraycopy(s.prompt, 0, inputs, row, s.prompt.length);
            System.arraycopy(s.answer, 0, inputs, row + s.prompt.length, s.answer.length - 1);
            System.arraycopy(s.answer, 0, targets, row + s.prompt.length - 1, s.answer.length);
            tokens += s.prompt.length + s.answer.length - 1;
        }
        return new Batch(chosen.size(), length, inputs, targets, tokens);
    }

    /** The dev score of a prompt: classification accuracy, or the answers' mean log-likelihood per token. */
    private Score score(float[] embeddings, List<Sequence> dev) {
        Scorer scorer = new Scorer(model.withPromptEmbeddings(embeddings));
        if (verbalizers.isEmpty()) {
            double sum = 0;
            int count = 0;
            for (Sequence s : dev) {
                sum += scorer.scoreContinuations(s.prompt, List.of(s.answer)).getFirst().sum();
                count += s.answer.length;
            }
            return new Score("log_likelihood_per_token", sum / count);
        }
        int correct = 0;
        for (Sequence s : dev) {
            List<ContinuationScore> scores = scorer.scoreContinuations(s.prompt, choices);
            int best = 0;
            for (int i = 1; i < scores.size(); i++) if (scores.get(i).sum() > scores.get(best).sum()) best = i;
            if (labels.get(best).equals(s.label)) correct++;
        }
        return new Score("accuracy", 100.0 * correct / dev.size());
    }
}
