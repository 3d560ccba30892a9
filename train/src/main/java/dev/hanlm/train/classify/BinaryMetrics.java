package dev.hanlm.train.classify;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** The confusion counts of a binary classifier at one threshold, with label 1 as the positive class. */
public record BinaryMetrics(int truePositives, int falsePositives, int trueNegatives, int falseNegatives) {
    /** Scores at or above {@code threshold} count as positive. */
    public static BinaryMetrics of(double[] scores, int[] labels, double threshold) {
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predicted = scores[i] >= threshold;
            if (labels[i] == 1) {
                if (predicted) tp++;
                else fn++;
            } else if (predicted) fp++;
            else tn++;
        }
        return new BinaryMetrics(tp, fp, tn, fn);
    }

    /**
     * The threshold that gives the highest F1 (of a tie, the higher one, which catches fewer texts): one of the scores, or the midpoint between it
     * and the next lower score, so a slightly different score on the same side still lands alike.
     */
    public static double bestF1Threshold(double[] scores, int[] labels) {
        Integer[] order = IntStream.range(0, scores.length).boxed().sorted(Comparator.comparingDouble(i -> -scores[i])).toArray(Integer[]::new);
        int positives = (int) Arrays.stream(labels).filter(l -> l == 1).count();
        int tp = 0, fp = 0;
        double bestF1 = -1, best = 0.5;
        for (int k = 0; k < order.length; k++) {
            if (labels[order[k]] == 1) tp++;
            else fp++;
            // a threshold can only fall between distinct scores
            if (k + 1 < order.length && scores[order[k + 1]] == scores[order[k]]) continue;
            double f1 = 2.0 * tp / (tp + fp + positives);
            if (f1 > bestF1) {
                bestF1 = f1;
                best = k + 1 < order.length ? (scores[order[k]] + scores[order[k + 1]]) / 2 : scores[order[k]];
            }
        }
        return best;
    }

    public int total() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    public double precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    public double recall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    public double f1() {
        return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
    }

    public double accuracy() {
        return ratio(truePositives + trueNegatives, total());
    }

    private static double ratio(int a, int b) {
        return b == 0 ? 0 : (double) a / b;
    }
}
