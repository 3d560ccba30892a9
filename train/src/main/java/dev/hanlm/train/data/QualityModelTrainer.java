package dev.hanlm.train.data;

import dev.hanlm.tokenizer.CorpusReader;
import dev.hanlm.train.AtomicFiles;
import dev.hanlm.train.classify.BinaryMetrics;
import dev.hanlm.train.classify.LogisticLoss;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits the {@link QualityModel}: full-batch gradient descent on {@link LogisticLoss} over the labelled sample, both
 * classes weighted equally, plus an L2 penalty on the weights; from zero weights, so the result depends on the data
 * alone. A handful of dense features needs neither the toxicity classifier's AdamW nor its minibatches.
 */
public final class QualityModelTrainer {
    private static final int STEPS = 2000;
    private static final double LEARNING_RATE = 0.5, L2 = 1e-3;

    private QualityModelTrainer() {}

    public static QualityModel train(List<String> good, List<String> bad, String trainedOn) {
        int n = QualityFeatures.NAMES.size();
        List<double[]> rows = new ArrayList<>();
        for (String text : good) rows.add(features(text));
        for (String text : bad) rows.add(features(text));
        double[] mean = new double[n], scale = new double[n];
        for (double[] x : rows) for (int j = 0; j < n; j++) mean[j] += x[j] / rows.size();
        for (double[] x : rows) for (int j = 0; j < n; j++) scale[j] += (x[j] - mean[j]) * (x[j] - mean[j]) / rows.size();
        for (int j = 0; j < n; j++) scale[j] = Math.max(Math.sqrt(scale[j]), 1e-9);
        // each class weighs half of the mean, however many documents it has
        float goodWeight = rows.size() / (2f * good.size()), badWeight = rows.size() / (2f * bad.size());
        List<LogisticLoss.Example> examples = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            boolean isGood = r < good.size();
            examples.add(new LogisticLoss.Example(QualityModel.standardized(rows.get(r), mean, scale), isGood ? 1 : 0,
                    isGood ? goodWeight : badWeight));
        }
        float[] params = new float[n + 1], grad = new float[n + 1];
        for (int step = 0; step < STEPS; step++) {
            lossAndGradient(params, examples, grad);
            for (int j = 0; j <= n; j++) params[j] -= (float) (LEARNING_RATE * grad[j]);
        }
        double[] weights = new double[n];
        for (int j = 0; j < n; j++) weights[j] = params[j];
        return new QualityModel(QualityFeatures.NAMES, mean, scale, weights, params[n], trainedOn);
    }

    /** The weighted mean cross-entropy plus L2/2 times the squared weights (not the bias); its gradient into {@code grad}. */
    static double lossAndGradient(float[] params, List<LogisticLoss.Example> examples, float[] grad) {
        double loss = LogisticLoss.lossAndGradient(params, examples, grad);
        for (int j = 0; j < params.length - 1; j++) {
            loss += L2 / 2 * params[j] * params[j];
            grad[j] += (float) (L2 * params[j]);
        }
        return loss;
    }

    private static double[] features(String text) {
        return QualityFeatures.of(new DocumentNormalizer().normalize(text));
    }

    /**
     * {@code QualityModelTrainer GOOD BAD OUT.json [HELD_OUT_GOOD HELD_OUT_BAD]}: corpus files (text, JSONL or
     * WikiExtractor); with held-out files, prints how the model does on them at the threshold 0.5.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3 && args.length != 5) {
            System.err.println("usage: QualityModelTrainer GOOD BAD OUT.json [HELD_OUT_GOOD HELD_OUT_BAD]");
            System.exit(2);
        }
        List<String> good = read(args[0]), bad = read(args[1]);
        QualityModel model = train(good, bad, good.size() + " documents of " + Path.of(args[0]).getFileName() + " (good) against "
                + bad.size() + " of " + Path.of(args[1]).getFileName() + " (bad)");
        AtomicFiles.write(Path.of(args[2]), Manifest.JSON.writeValueAsBytes(model));
        if (args.length == 5) {
            List<String> heldGood = read(args[3]), heldBad = read(args[4]);
            double[] scores = new double[heldGood.size() + heldBad.size()];
            int[] labels = new int[scores.length];
            for (int i = 0; i < scores.length; i++) {
                boolean isGood = i < heldGood.size();
                scores[i] = model.score(new DocumentNormalizer().normalize(isGood ? heldGood.get(i) : heldBad.get(i - heldGood.size())));
                labels[i] = isGood ? 1 : 0;
            }
            BinaryMetrics m = BinaryMetrics.of(scores, labels, 0.5);
            System.out.printf("held out at 0.5: keeps %d of %d good and %d of %d bad; precision %.4f, recall %.4f, accuracy %.4f%n",
                    m.truePositives(), heldGood.size(), m.falsePositives(), heldBad.size(), m.precision(), m.recall(), m.accuracy());
        }
    }

    private static List<String> read(String file) throws IOException {
        List<String> texts = new ArrayList<>();
        new CorpusReader().read(Path.of(file), texts::add);
        return texts;
    }
}
