package dev.hanlm.train.classify;

import java.util.List;

/**
 * Weighted binary cross-entropy of logistic regression over sparse features, and its gradient. The parameters are one
 * flat array: a weight per bucket, then the bias. Shared by the toxicity classifier and the corpus quality model
 * ({@code dev.hanlm.train.data.QualityModel}, whose dense features are a vector over every index).
 */
public final class LogisticLoss {
    /** A training example: its features, its label and its class weight. */
    public record Example(NgramFeatures.Vector features, int label, float weight) {}

    private LogisticLoss() {}

    public static double logit(float[] params, NgramFeatures.Vector x) {
        double z = params[params.length - 1];
        int[] index = x.index();
        float[] value = x.value();
        for (int i = 0; i < index.length; i++) z += params[index[i]] * value[i];
        return z;
    }

    public static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /**
     * The batch's mean weighted loss; when {@code grad} is given, its gradient is written into it (zeroed first, so the
     * optimizer sees only this batch).
     */
    public static double lossAndGradient(float[] params, List<Example> batch, float[] grad) {
        if (grad != null) java.util.Arrays.fill(grad, 0f);
        double loss = 0;
        int bias = params.length - 1;
        for (Example e : batch) {
            double z = logit(params, e.features());
            // log(1 + e^-z) for y = 1, log(1 + e^z) for y = 0, without overflow
            double signed = e.label() == 1 ? -z : z;
            loss += e.weight() * (Math.max(signed, 0) + Math.log1p(Math.exp(-Math.abs(signed))));
            if (grad != null) {
                float dz = (float) (e.weight() * (sigmoid(z) - e.label()) / batch.size());
                int[] index = e.features().index();
                float[] value = e.features().value();
                for (int i = 0; i < index.length; i++) grad[index[i]] += dz * value[i];
                grad[bias] += dz;
            }
        }
        return loss / batch.size();
    }
}
