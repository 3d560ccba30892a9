package dev.hanlm.cli;

import dev.hanlm.train.classify.ClassifierTrainer;
import dev.hanlm.train.classify.LabeledText;
import dev.hanlm.train.classify.NgramFeatures;
import dev.hanlm.train.classify.TextClassifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a binary text classifier: logistic regression over hashed character n-grams and their initial-consonant "
                + "skeleton, AdamW, classes weighted inversely to their frequency.",
                "Inputs are JSONL, a {\"text\": \"...\", \"label\": 0|1} object a line (1 = the class to catch).",
                "With --dev, the epoch with the best dev F1 is kept and the decision threshold is the one giving it."})
final class ClassifierTrainCommand implements Callable<Integer> {
    private static final ClassifierTrainer.Settings DEFAULTS = ClassifierTrainer.Settings.DEFAULTS;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE", description = "Training JSONL files.")
    List<Path> inputs;

    @Option(names = "--dev", paramLabel = "FILE", description = "Dev JSONL, for the kept epoch and the threshold.")
    Path dev;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Directory to write; it appears only when training succeeds.")
    Path output;

    @Option(names = "--force", description = "Replace an existing, non-empty output directory.")
    boolean force;

    @Option(names = "--seed", paramLabel = "N", description = "Shuffling seed (default: ${DEFAULT-VALUE}).")
    long seed = DEFAULTS.seed();

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the data (default: ${DEFAULT-VALUE}).")
    int epochs = DEFAULTS.epochs();

    @Option(names = "--batch-size", paramLabel = "N", description = "Examples per update (default: ${DEFAULT-VALUE}).")
    int batchSize = DEFAULTS.batchSize();

    @Option(names = "--lr", paramLabel = "LR", description = "Peak learning rate, decayed linearly to 0 (default: ${DEFAULT-VALUE}).")
    double learningRate = DEFAULTS.learningRate();

    @Option(names = "--weight-decay", paramLabel = "W", description = "AdamW's decoupled weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay = DEFAULTS.weightDecay();

    @Option(names = "--buckets", paramLabel = "N", description = "Hash buckets, one weight each (default: ${DEFAULT-VALUE}).")
    int buckets = DEFAULTS.features().buckets();

    @Option(names = "--max-n", paramLabel = "N", description = "Longest character n-gram (default: ${DEFAULT-VALUE}).")
    int maxN = DEFAULTS.features().maxN();

    @Option(names = "--initials", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also count n-grams of the initial-consonant skeleton (씨발 -> ㅅㅂ) (default: ${DEFAULT-VALUE}).")
    boolean initials;

    @Override
    public Integer call() throws Exception {
        ClassifierTrainer.Settings settings = new ClassifierTrainer.Settings(
                new NgramFeatures(buckets, DEFAULTS.features().minN(), maxN, initials), epochs, batchSize, learningRate, weightDecay, seed);
        List<LabeledText> train = LabeledText.read(inputs);
        List<LabeledText> devSet = dev == null ? null : LabeledText.read(dev);
        try (OutputDirectory out = new OutputDirectory(output, force)) {
            TextClassifier model = ClassifierTrainer.train(train, devSet, settings, (epoch, loss, m, threshold) -> System.err.println(
                    String.format(Locale.ROOT, "epoch %d/%d  train loss %.4f", epoch, epochs, loss) + (m == null ? ""
                            : String.format(Locale.ROOT, "  dev F1 %.4f (P %.4f, R %.4f) at threshold %.3f", m.f1(), m.precision(), m.recall(), threshold))));
            model.write(out.staging());
            out.commit();
            System.out.printf(Locale.ROOT, "wrote %s: %d examples, threshold %.3f%n", output, train.size(), model.threshold());
        }
        return 0;
    }
}
