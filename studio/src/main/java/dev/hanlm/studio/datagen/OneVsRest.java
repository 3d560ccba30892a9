package dev.hanlm.studio.datagen;

import dev.hanlm.train.classify.ClassifierTrainer;
import dev.hanlm.train.classify.LabeledText;
import dev.hanlm.train.classify.TextClassifier;
import java.util.List;

/**
 * A classifier over named labels built from {@link ClassifierTrainer}'s binary one: with two labels, one classifier for
 * the second (in sorted order) against the first, threshold 0.5; with more, one classifier per label against the rest,
 * the most probable label winning.
 */
public final class OneVsRest {
    private final List<String> labels;
    private final List<TextClassifier> models;

    private OneVsRest(List<String> labels, List<TextClassifier> models) {
        this.labels = labels;
        this.models = models;
    }

    public static OneVsRest train(List<LabeledUtterance> examples, ClassifierTrainer.Settings settings) {
        List<String> labels = examples.stream().map(LabeledUtterance::label).distinct().sorted().toList();
        if (labels.size() < 2) throw new IllegalArgumentException("a classifier needs examples of at least two labels, not " + labels);
        List<String> targets = labels.size() == 2 ? labels.subList(1, 2) : labels;
        List<TextClassifier> models = targets.stream().map(target -> ClassifierTrainer.train(examples.stream()
                .map(u -> new LabeledText(u.text(), u.label().equals(target) ? 1 : 0)).toList(), null, settings, null)).toList();
        return new OneVsRest(labels, models);
    }

    /** The labels it knows, sorted. */
    public List<String> labels() {
        return labels;
    }

    public String predict(String text) {
        if (models.size() == 1) return labels.get(models.getFirst().probability(text) >= 0.5 ? 1 : 0);
        int best = 0;
        double bestProbability = -1;
        for (int i = 0; i < models.size(); i++) {
            double p = models.get(i).probability(text);
            if (p > bestProbability) {
                bestProbability = p;
                best = i;
            }
        }
        return labels.get(best);
    }

    /** Percent of {@code test} predicted right; a label it never saw in training counts as wrong. */
    public double accuracy(List<LabeledUtterance> test) {
        if (test.isEmpty()) throw new IllegalArgumentException("the test set is empty");
        long right = test.stream().filter(u -> predict(u.text()).equals(u.label())).count();
        return 100.0 * right / test.size();
    }
}
