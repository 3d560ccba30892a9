package dev.hanlm.train.data;

import dev.hanlm.train.TrainingException;
import dev.hanlm.train.classify.LogisticLoss;
import dev.hanlm.train.classify.NgramFeatures;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The quality classifier: logistic regression ({@link LogisticLoss}) over the standardized {@link QualityFeatures}, giving the probability
 * that a document reads like the labelled sample's good side. The shipped model ({@code quality/model.json}) is what
 * {@link QualityModelTrainer} made from the sample described in its {@code trained_on}; docs/DATA.md has the numbers.
 */
public record QualityModel(List<String> features, double[] mean, double[] scale, double[] weights, double bias, String trainedOn)
        implements Serializable {
    static final String RESOURCE = "quality/model.json";
    private static volatile QualityModel shipped;

    public QualityModel {
        if (!QualityFeatures.NAMES.equals(features)) {
            throw new TrainingException("a quality model must use the features " + QualityFeatures.NAMES + ", not " + features);
        }
    }

    /** The probability, in [0, 1], that the document is of the good kind. */
    public double score(String text) {
        float[] params = new float[weights.length + 1];
        for (int i = 0; i < weights.length; i++) params[i] = (float) weights[i];
        params[weights.length] = (float) bias;
        return LogisticLoss.sigmoid(LogisticLoss.logit(params, standardized(QualityFeatures.of(text), mean, scale)));
    }

    /** The features less their sample mean, over their standard deviation: every index of a dense vector. */
    static NgramFeatures.Vector standardized(double[] features, double[] mean, double[] scale) {
        int[] index = new int[features.length];
        float[] value = new float[features.length];
        for (int i = 0; i < features.length; i++) {
            index[i] = i;
            value[i] = (float) ((features[i] - mean[i]) / scale[i]);
        }
        return new NgramFeatures.Vector(index, value);
    }

    /** The shipped model, read once per JVM. */
    public static QualityModel shipped() {
        QualityModel model = shipped;
        if (model == null) {
            try (InputStream in = QualityModel.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) throw new IOException("the resource " + RESOURCE + " is missing from the train jar");
                shipped = model = Manifest.JSON.readValue(in, QualityModel.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return model;
    }
}
