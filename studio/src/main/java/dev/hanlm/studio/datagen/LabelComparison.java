package dev.hanlm.studio.datagen;

import dev.hanlm.train.classify.ClassifierTrainer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Is created data worth real labels? Trains the same small classifier ({@link OneVsRest} over {@link ClassifierTrainer}'s
 * defaults: hashed character n-grams, logistic regression) twice, on the created utterances and on as many real labelled
 * texts with the same count per label (drawn from a pool by a seed), and scores both on the same real test set. Works
 * for two labels (sentiment) and for more (intents).
 */
public final class LabelComparison {
    /** Accuracies in percent on {@code testSize} texts, each classifier trained on {@code trainSize} examples, {@code counts} per label. */
    public record Result(int trainSize, Map<String, Integer> counts, int testSize, double createdAccuracy, double realAccuracy) {}

    private LabelComparison() {}

    public static Result run(List<LabeledUtterance> created, List<LabeledUtterance> realPool, List<LabeledUtterance> test, long seed) {
        Map<String, Integer> counts = new TreeMap<>();
        for (LabeledUtterance u : created) counts.merge(u.label(), 1, Integer::sum);
        if (counts.size() < 2) throw new IllegalArgumentException("the created data needs utterances of at least two labels to train a classifier, not " + counts.keySet());
        List<LabeledUtterance> realSet = sample(realPool, counts, seed);
        ClassifierTrainer.Settings settings = ClassifierTrainer.Settings.DEFAULTS;
        double createdAccuracy = OneVsRest.train(created, settings).accuracy(test);
        double realAccuracy = OneVsRest.train(realSet, settings).accuracy(test);
        return new Result(created.size(), counts, test.size(), createdAccuracy, realAccuracy);
    }

    /** {@code counts.get(label)} texts of each label, drawn without replacement in the order the seed shuffles the pool. */
    static List<LabeledUtterance> sample(List<LabeledUtterance> pool, Map<String, Integer> counts, long seed) {
        List<LabeledUtterance> shuffled = new ArrayList<>(pool);
        Collections.shuffle(shuffled, new Random(seed));
        Map<String, Integer> taken = new HashMap<>();
        List<LabeledUtterance> out = new ArrayList<>();
        for (LabeledUtterance u : shuffled) {
            int have = taken.getOrDefault(u.label(), 0);
            if (have < counts.getOrDefault(u.label(), 0)) {
                out.add(u);
                taken.put(u.label(), have + 1);
            }
        }
        for (var want : counts.entrySet()) {
            if (taken.getOrDefault(want.getKey(), 0) < want.getValue()) {
                throw new IllegalArgumentException("the real pool has too few texts labelled " + want.getKey() + ": " + want.getValue() + " are needed");
            }
        }
        return out;
    }
}
