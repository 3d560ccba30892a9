package dev.hanlm.train;

import dev.hanlm.engine.grad.Dropout;
import dev.hanlm.engine.grad.Gpt2Shape;
import dev.hanlm.engine.grad.Gpt2Weights;
import dev.hanlm.engine.grad.TrainableGpt2;
import dev.hanlm.tokenizer.Tokenizer;
import dev.hanlm.train.data.TokenDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training loop: per update, {@code grad_accum} micro-batches forward and backward, the summed gradient
 * averaged, clipped by its global norm, then one AdamW step at the scheduled learning rate. Validation loss at
 * intervals, checkpoints at intervals and when asked to stop, the final model as an HF directory in
 * {@code output/model}. Everything that varies (initial weights, data order, dropout) follows from the seed, the
 * step, so a run resumed from a checkpoint computes exactly what the uninterrupted run would have.
 */
public final class Trainer {
    /** What a caller (the CLI's progress bar) hears about; every method has a no-op default. */
    public interface Listener {
        default void started(Gpt2Shape shape, int firstStep, int totalSteps) {}

        default void stepped(StepReport report) {}

        default void evaluated(int step, double validationLoss) {}

        default void checkpointed(int step, Path directory) {}
    }

    /** One update: its index (1-based, the number of updates done), loss, rate, gradient norm and throughput. */
    public record StepReport(int step, int totalSteps, double loss, double lr, double gradNorm, long tokensSeen,
                             double tokensPerSecond, double elapsedSeconds) {}

    /** How a run ended: the final model (null when stopped early), and the last losses (NaN when not measured). */
    public record Result(Path model, int steps, long tokensSeen, double trainLoss, double validationLoss, boolean stopped) {}

    private final TrainConfig config;
    private final Listener listener;
    private volatile boolean stopRequested;

    public Trainer(TrainConfig config, Listener listener) {
        this.config = config;
        this.listener = listener;
    }

    /** Asks a running {@link #run} to write a checkpoint at the end of the current update and return. Thread-safe. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Trains from scratch (or from {@code init_from}), or with {@code resume} from the newest checkpoint in the output
     * directory. A fresh run refuses an output directory that already holds a run.
     */
    public Result run(boolean resume) {
        RunDirectory run = new RunDirectory(config.output());
        try (TokenDataset train = TokenDataset.open(config.data(), TokenDataset.Split.TRAIN);
             TokenDataset validation = openValidation()) {
            Tokenizer tokenizer = tokenizer(train);
            int eosId = train.eosId();
            Checkpoints checkpoints = new Checkpoints(run.checkpoints(), config.keepCheckpoints());
            Checkpoints.Restored restored = null;
            if (resume) {
                restored = checkpoints.latest().orElseThrow(() -> new TrainingException(
                        "nothing to resume: " + run.checkpoints() + " holds no checkpoint"));
            } else {
                run.startFresh();
            }
            Gpt2Shape shape = restored != null ? restored.weights().shape() : shape(train.vocabSize());
            if (restored != null) restored.requireCompatible(config, shape(train.vocabSize()), train.tokenizerHash());
            if (shape.vocabSize() < train.vocabSize()) {
                throw new TrainingException("the model's vocabulary (" + shape.vocabSize() + ") is smaller than the data's (" + train.vocabSize() + ")");
            }
            Gpt2Weights weights = restored != null ? restored.weights()
                    : config.initFrom() != null ? Gpt2Weights.load(config.initFrom()) : Gpt2Weights.initialize(shape, config.seed());
            AdamW optimizer = restored != null ? restored.optimizer(config) : new AdamW(weights, config.beta1(), config.beta2(), config.eps(), config.weightDecay());
            int step = restored != null ? restored.state().step() : 0;
            long tokensSeen = restored != null ? restored.state().tokensSeen() : 0;
            Batches batches = new Batches(train, config.batchSize(), config.seqLen());
            try (TrainingLog log = restored != null ? TrainingLog.resume(run.log(), step) : TrainingLog.create(run.log())) {
                run.writeConfig(config);

                TrainableGpt2 model = new TrainableGpt2(shape, config.batchSize(), config.seqLen());
                Gpt2Weights grads = Gpt2Weights.zeros(shape);
                int[] inputs = new int[config.batchSize() * config.seqLen()], targets = new int[inputs.length];
                LearningRateSchedule schedule = config.schedule();
                listener.started(shape, step, config.steps());
                double trainLoss = Double.NaN, validationLoss = Double.NaN;
                long started = System.nanoTime();
                long tokensAtStart = tokensSeen;
                while (step < config.steps() && !stopRequested) {
                    double lr = schedule.at(step);
                    grads.zero();
                    double lossSum = 0;
                    for (int micro = 0; micro < config.gradAccum(); micro++) {
                        batches.random(config.seed(), step, micro, inputs, targets);
                        lossSum += model.forward(weights, inputs, targets, dropout(step, micro));
                        model.backward(weights, grads);
                    }
                    Gradients.scale(grads, 1f / config.gradAccum());
                    double norm = Gradients.clipGlobalNorm(grads, config.gradClip());
                    optimizer.step(weights, grads, lr);
                    step++;
                    tokensSeen += config.tokensPerStep();
                    trainLoss = lossSum / config.gradAccum();
                    if (!Double.isFinite(trainLoss)) {
                        throw new TrainingException("the loss became " + trainLoss + " at step " + step + "; lower lr (now " + config.lr()
                                + ") or raise warmup_steps, then resume from the last checkpoint");
                    }
                    double seconds = (System.nanoTime() - started) / 1e9;
                    StepReport report = new StepReport(step, config.steps(), trainLoss, lr, norm, tokensSeen,
                            (tokensSeen - tokensAtStart) / Math.max(1e-9, seconds), seconds);
                    log.step(report);
                    listener.stepped(report);
                    boolean last = step == config.steps();
                    if (validation != null && (last || config.evalInterval() > 0 && step % config.evalInterval() == 0)) {
                        validationLoss = evaluate(model, weights, validation);
                        log.evaluation(step, validationLoss);
                        listener.evaluated(step, validationLoss);
                        LossChart.write(run.lossChart(), log);
                    }
                    if (last || stopRequested || config.checkpointInterval() > 0 && step % config.checkpointInterval() == 0) {
                        Path dir = checkpoints.write(step, weights, optimizer, new Checkpoints.State(step, tokensSeen, config.seed(),
                                train.tokenizerHash()), config, tokenizer, eosId);
                        listener.checkpointed(step, dir);
                    }
                }
                // stopped: the checkpoint is written; no chart now, since drawing one may start AWT, which cannot
                // start while the JVM shuts down (SIGTERM); the resumed run draws it
                if (step < config.steps()) return new Result(null, step, tokensSeen, trainLoss, validationLoss, true);
                LossChart.write(run.lossChart(), log);
                Path modelDir = run.writeModel(weights, config.saveDtype(), tokenizer, eosId);
                return new Result(modelDir, step, tokensSeen, trainLoss, validationLoss, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TokenDataset openValidation() {
        TokenDataset validation = TokenDataset.open(config.data(), TokenDataset.Split.VALIDATION);
        if (validation.size() > config.seqLen()) return validation;
        validation.close();
        return null;
    }

    private Gpt2Shape shape(int vocabSize) {
        if (config.initFrom() != null) return Gpt2Shape.fromHfConfig(config.initFrom().resolve("config.json"));
        return new Gpt2Shape(vocabSize, config.context(), config.layers(), config.heads(), config.dModel());
    }

    /** The tokenizer the data was made with (or the configured one, which must be the same file). */
    private Tokenizer tokenizer(TokenDataset train) throws IOException {
        Path dir = config.tokenizer() != null ? config.tokenizer() : train.tokenizerDirectory();
        if (dir == null || !Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            throw new TrainingException("cannot find the tokenizer the data was prepared with" + (dir == null ? "" : " (" + dir + ")")
                    + "; give its directory with tokenizer / --tokenizer");
        }
        String hash = TokenDataset.hashTokenizer(dir);
        if (!hash.equals(train.tokenizerHash())) {
            throw new TrainingException("the tokenizer in " + dir + " is not the one " + config.data() + " was prepared with");
        }
        return Tokenizer.load(dir);
    }

    /** Dropout masks differ per update and micro-batch and follow from the seed alone: a stream split off the rows' one. */
    private Dropout dropout(int step, int micro) {
        if (config.dropout() == 0f) return Dropout.NONE;
        return new Dropout(config.dropout(), Batches.stream(config.seed(), step, micro).split().nextLong());
    }

    /** Mean loss over the first {@code eval_batches} micro-batches of the validation split: the same rows every time. */
    private double evaluate(TrainableGpt2 model, Gpt2Weights weights, TokenDataset validation) {
        Batches rows = new Batches(validation, config.batchSize(), config.seqLen());
        long batches = Math.min(config.evalBatches(), rows.sequentialBatches());
        int[] inputs = new int[config.batchSize() * config.seqLen()], targets = new int[inputs.length];
        double sum = 0;
        for (int b = 0; b < batches; b++) {
            rows.sequential(b, inputs, targets);
            sum += model.forward(weights, inputs, targets, Dropout.NONE);
        }
        return sum / batches;
    }
}
