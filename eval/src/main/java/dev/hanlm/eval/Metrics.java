package dev.hanlm.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The metrics by name, as tasks (and custom task files) name them. */
public final class Metrics {
    /** The names a custom task file may give; {@code f1:LABEL} takes LABEL as the positive class. */
    public static final List<String> NAMES = List.of("accuracy", "macro_f1", "f1:LABEL", "pearson", "korquad", "bleu", "bleu_char", "rouge_l", "rouge_l_char");

    private Metrics() {}

    public static Metric named(String name) {
        if (name.startsWith("f1:")) return binaryF1(name.substring(3));
        return switch (name) {
            case "accuracy" -> one("accuracy", ClassificationMetrics::accuracy);
            case "macro_f1" -> one("macro_f1", ClassificationMetrics::macroF1);
            case "pearson" -> Metrics::pearson;
            case "korquad" -> KorquadScore::score;
            case "bleu" -> bleu(Bleu.Tokenization.THIRTEEN_A);
            case "bleu_char" -> bleu(Bleu.Tokenization.CHAR);
            case "rouge_l" -> rougeL(Bleu.Tokenization.THIRTEEN_A);
            case "rouge_l_char" -> rougeL(Bleu.Tokenization.CHAR);
            default -> throw new EvalException("unknown metric \"" + name + "\"; expected one of " + NAMES);
        };
    }

    public static Metric binaryF1(String positive) {
        return one("f1", (p, g) -> ClassificationMetrics.f1(p, g, positive));
    }

    /** Corpus BLEU against each item's first reference. */
    public static Metric bleu(Bleu.Tokenization tokenization) {
        return (predictions, items) -> ordered("bleu",
                Bleu.corpus(predictions, items.stream().map(Example::gold).toList(), tokenization).bleu());
    }

    public static Metric rougeL(Bleu.Tokenization tokenization) {
        return (predictions, items) -> ordered("rouge_l", RougeL.corpus(predictions, items.stream().map(Example::gold).toList(), tokenization));
    }

    /**
     * Pearson's r (times 100) of the first number in each answer with the gold score; an answer without a number
     * counts as the mean of the gold scores, and {@code unparsed} says how many there were.
     */
    static Map<String, Double> pearson(List<String> predictions, List<Example> items) {
        double[] gold = items.stream().mapToDouble(e -> Double.parseDouble(e.gold())).toArray();
        double mean = Arrays.stream(gold).average().orElse(0);
        double[] predicted = new double[gold.length];
        int unparsed = 0;
        for (int i = 0; i < gold.length; i++) {
            predicted[i] = Pearson.firstNumber(predictions.get(i));
            if (Double.isNaN(predicted[i])) {
                predicted[i] = mean;
                unparsed++;
            }
        }
        Map<String, Double> scores = ordered("pearson", 100 * Pearson.r(predicted, gold));
        scores.put("unparsed", (double) unparsed);
        return scores;
    }

    private interface LabelMetric {
        double apply(List<String> predicted, List<String> gold);
    }

    private static Metric one(String name, LabelMetric metric) {
        return (predictions, items) -> ordered(name, metric.apply(predictions, items.stream().map(Example::gold).toList()));
    }

    private static Map<String, Double> ordered(String name, double value) {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put(name, value);
        return scores;
    }
}
