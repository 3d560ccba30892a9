package dev.hanlm.cli;

import dev.hanlm.train.TrainingException;
import dev.hanlm.train.classify.BinaryMetrics;
import dev.hanlm.train.classify.LabeledText;
import dev.hanlm.train.classify.TextClassifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Score a text classifier on labeled JSONL ({\"text\": \"...\", \"label\": 0|1} a line): precision, recall "
                + "and F1 of label 1, and accuracy, one line per file."})
final class ClassifierEvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A directory made by 'hanlm classifier train'.")
    Path model;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE", description = "Labeled JSONL files.")
    List<Path> inputs;

    @Option(names = "--threshold", paramLabel = "P", description = "Decision threshold instead of the model's own.")
    Double threshold;

    @Override
    public Integer call() {
        TextClassifier classifier = TextClassifier.read(model);
        double t = threshold == null ? classifier.threshold() : threshold;
        if (!(t >= 0 && t <= 1)) throw new TrainingException("--threshold must be between 0 and 1, not " + t);
        System.out.printf(Locale.ROOT, "threshold %.3f%n", t);
        for (Path input : inputs) {
            List<LabeledText> examples = LabeledText.read(input);
            BinaryMetrics m = classifier.evaluate(examples, t);
            System.out.printf(Locale.ROOT, "%s: n=%d positives=%d precision=%.4f recall=%.4f f1=%.4f accuracy=%.4f%n", input, m.total(),
                    m.truePositives() + m.falseNegatives(), m.precision(), m.recall(), m.f1(), m.accuracy());
        }
        return 0;
    }
}
