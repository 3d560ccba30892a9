package dev.hanlm.train.classify;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.train.AdamW;
import dev.hanlm.train.TrainingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Trains a {@link TextClassifier}: AdamW on the weighted logistic loss, classes weighted inversely to their frequency
 * (so a set with few toxic texts still learns them), decoupled weight decay on the weights (not the bias), a linearly
 * decaying learning rate, the examples shuffled by the seed each epoch. With a dev set, the epoch of the best dev F1
 * is kept and the threshold is the one that gives it; without, the threshold is 0.5. One thread and one fixed order,
 * so a seed gives the same model bit for bit.
 */
public final class ClassifierTrainer {
    /** How to train. */
    public record Settings(NgramFeatures features, int epochs, int batchSize, double learningRate, double weightDecay, long seed) {
        public static final Settings DEFAULTS = new Settings(new NgramFeatures(1 << 18, 1, 3, true), 8, 32, 0.01, 1e-4, 1);

        public Settings {
            if (epochs < 1 || batchSize < 1) throw new TrainingException("epochs and the batch size must be at least 1");
            if (!(learningRate > 0) || !(weightDecay >= 0)) throw new TrainingException("the learning rate must be positive and the weight decay not negative");
        }
    }

    /** Hears of each epoch's end: its mean training loss and, with a dev set, the dev F1 at its best threshold. */
    public interface Listener {
        void epoch(int epoch, double trainLoss, BinaryMetrics dev, double threshold);
    }

    private ClassifierTrainer() {}

    public static TextClassifier train(List<LabeledText> train, List<LabeledText> dev, Settings s, Listener listener) {
        int positives = (int) train.stream().filter(e -> e.label() == 1).count();
        if (positives == 0 || positives == train.size()) throw new TrainingException("the training set needs examples of both labels (0 and 1)");
        float positiveWeight = train.size() / (2f * positives), negativeWeight = train.size() / (2f * (train.size() - positives));
        List<LogisticLoss.Example> examples = new ArrayList<>();
        for (LabeledText t : train) {
            examples.add(new LogisticLoss.Example(s.features().of(t.text()), t.label(), t.label() == 1 ? positiveWeight : negativeWeight));
        }
        int buckets = s.features().buckets();
        float[] params = new float[buckets + 1], grad = new float[buckets + 1];
        AdamW adam = new AdamW(List.of(new AdamW.Slice(0, buckets, true), new AdamW.Slice(buckets, 1, false)), 0.9, 0.999, 1e-8, s.weightDecay());
        int steps = s.epochs() * Math.ceilDiv(examples.size(), s.batchSize()), step = 0;
        Random random = new Random(s.seed());
        float[] best = params.clone();
        double bestF1 = -1, bestThreshold = 0.5;
        int bestEpoch = s.epochs();
        for (int epoch = 1; epoch <= s.epochs(); epoch++) {
            Collections.shuffle(examples, random);
            double lossSum = 0;
            for (int from = 0; from < examples.size(); from += s.batchSize(), step++) {
                List<LogisticLoss.Example> batch = examples.subList(from, Math.min(from + s.batchSize(), examples.size()));
                lossSum += LogisticLoss.lossAndGradient(params, batch, grad) * batch.size();
                adam.step(params, grad, s.learningRate() * (1 - (double) step / steps));
            }
            BinaryMetrics devMetrics = null;
            double threshold = 0.5;
            if (dev != null) {
                TextClassifier now = new TextClassifier(s.features(), params, 0.5, null);
                double[] scores = now.scores(dev);
                int[] labels = TextClassifier.labels(dev);
                threshold = BinaryMetrics.bestF1Threshold(scores, labels);
                devMetrics = BinaryMetrics.of(scores, labels, threshold);
                if (devMetrics.f1() > bestF1) {
                    bestF1 = devMetrics.f1();
                    bestThreshold = threshold;
                    bestEpoch = epoch;
                    best = params.clone();
                }
            }
            if (listener != null) listener.epoch(epoch, lossSum / examples.size(), devMetrics, threshold);
        }
        if (dev == null) best = params;
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.put("examples", train.size()).put("positives", positives).put("epochs", s.epochs()).put("kept_epoch", bestEpoch)
                .put("batch_size", s.batchSize()).put("learning_rate", s.learningRate()).put("weight_decay", s.weightDecay())
                .put("seed", s.seed()).put("optimizer", "AdamW, linear decay to 0, classes weighted inversely to their frequency");
        TextClassifier model = new TextClassifier(s.features(), best, bestThreshold, info);
        if (dev != null) {
            BinaryMetrics m = model.evaluate(dev, bestThreshold);
            info.putObject("dev").put("examples", dev.size()).put("precision", m.precision()).put("recall", m.recall())
                    .put("f1", m.f1()).put("accuracy", m.accuracy());
        }
        return model;
    }
}
