package dev.hanlm.eval;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Accuracy and F1 over predicted and gold labels, in percent; F1 as scikit-learn's {@code f1_score} computes it. */
public final class ClassificationMetrics {
    private ClassificationMetrics() {}

    public static double accuracy(List<String> predicted, List<String> gold) {
        checkSizes(predicted, gold);
        int right = 0;
        for (int i = 0; i < gold.size(); i++) if (gold.get(i).equals(predicted.get(i))) right++;
        return gold.isEmpty() ? 0 : 100.0 * right / gold.size();
    }

    /** F1 of one label taken as the positive class; 0 when it is never predicted and never gold. */
    public static double f1(List<String> predicted, List<String> gold, String positive) {
        checkSizes(predicted, gold);
        int truePositive = 0, predictedPositive = 0, goldPositive = 0;
        for (int i = 0; i < gold.size(); i++) {
            boolean p = predicted.get(i).equals(positive), g = gold.get(i).equals(positive);
            if (p) predictedPositive++;
            if (g) goldPositive++;
            if (p && g) truePositive++;
        }
        int denominator = predictedPositive + goldPositive;
        return denominator == 0 ? 0 : 100.0 * 2 * truePositive / denominator;
    }

    /** The unweighted mean of each label's F1, over the labels that occur as gold or as prediction. */
    public static double macroF1(List<String> predicted, List<String> gold) {
        checkSizes(predicted, gold);
        Set<String> labels = new LinkedHashSet<>(gold);
        labels.addAll(predicted);
        if (labels.isEmpty()) return 0;
        double sum = 0;
        for (String label : labels) sum += f1(predicted, gold, label);
        return sum / labels.size();
    }

    private static void checkSizes(List<String> predicted, List<String> gold) {
        if (predicted.size() != gold.size()) {
            throw new IllegalArgumentException(predicted.size() + " predictions for " + gold.size() + " gold labels");
        }
    }
}
