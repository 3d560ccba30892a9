package dev.hanlm.studio.datagen;

import dev.hanlm.train.classify.ClassifierTrainer;
import dev.hanlm.train.classify.LabeledText;
import dev.hanlm.train.classify.TextClassifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Is created data worth real labels? Trains the same small classifier (hashed character n-grams, logistic regression:
 * {@link ClassifierTrainer}'s defaults, threshold 0.5) twice, on the created utterances and on as many real labelled
 * texts with the same count per class (drawn from a pool by a seed), and scores both on the same real test set.
 */
public final class SentimentComparison {
    /** Accuracies in percent on {@code testSize} texts, each classifier trained on {@code trainSize} examples. */
    public record Result(int trainSize, int positives, int testSize, double createdAccuracy, double realAccuracy) {}

    private SentimentComparison() {}

    /** {@code created} labelled by name, {@code positiveLabel} the one that is 1; {@code realPool} and {@code test} labelled 0/1. */
    public static Result run(List<LabeledUtterance> created, String positiveLabel, List<LabeledText> realPool, List<LabeledText> test, long seed) {
        List<LabeledText> createdSet = created.stream().map(u -> new LabeledText(u.text(), u.label().equals(positiveLabel) ? 1 : 0)).toList();
        int positives = (int) createdSet.stream().filter(t -> t.label() == 1).count();
        if (positives == 0 || positives == createdSet.size()) {
            throw new IllegalArgumentException("the created data needs utterances of " + positiveLabel + " and of another label to train a classifier");
        }
        List<LabeledText> realSet = sample(realPool, positives, createdSet.size() - positives, seed);
        ClassifierTrainer.Settings settings = ClassifierTrainer.Settings.DEFAULTS;
        double createdAccuracy = accuracy(ClassifierTrainer.train(createdSet, null, settings, null), test);
        double realAccuracy = accuracy(ClassifierTrainer.train(realSet, null, settings, null), test);
        return new Result(createdSet.size(), positives, test.size(), createdAccuracy, realAccuracy);
    }

    /** {@code positives} texts labelled 1 and {@code negatives} labelled 0, drawn without replacement. */
    static List<LabeledText> sample(List<LabeledText> pool, int positives, int negatives, long seed) {
        List<LabeledText> shuffled = new ArrayList<>(pool);
        Collections.shuffle(shuffled, new Random(seed));
        List<LabeledText> out = new ArrayList<>();
        int pos = 0, neg = 0;
        for (LabeledText t : shuffled) {
            if (t.label() == 1 && pos < positives) {
                out.add(t);
                pos++;
            } else if (t.label() == 0 && neg < negatives) {
                out.add(t);
                neg++;
            }
        }
        if (pos < positives || neg < negatives) {
            throw new IllegalArgumentException("the real pool has too few labelled texts: " + positives + " positive and " + negatives + " negative are needed");
        }
        return out;
    }

    private static double accuracy(TextClassifier classifier, List<LabeledText> test) {
        return 100 * classifier.evaluate(test, 0.5).accuracy();
    }
}
