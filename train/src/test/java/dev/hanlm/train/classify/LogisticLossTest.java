package dev.hanlm.train.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticLossTest {
    private static final NgramFeatures FEATURES = new NgramFeatures(64, 1, 2, true);

    private static List<LogisticLoss.Example> batch() {
        return List.of(new LogisticLoss.Example(FEATURES.of("씨발 뭐야"), 1, 1.5f),
                new LogisticLoss.Example(FEATURES.of("좋은 아침입니다"), 0, 0.5f),
                new LogisticLoss.Example(FEATURES.of("ㅅㅂ 진짜"), 1, 1.5f));
    }

    @Test
    void theGradientMatchesFiniteDifferences() {
        Random random = new Random(3);
        float[] params = new float[FEATURES.buckets() + 1];
        for (int i = 0; i < params.length; i++) params[i] = (float) random.nextGaussian();
        float[] grad = new float[params.length];
        LogisticLoss.lossAndGradient(params, batch(), grad);
        float h = 1e-2f;
        for (int i = 0; i < params.length; i++) {
            float saved = params[i];
            params[i] = saved + h;
            double up = LogisticLoss.lossAndGradient(params, batch(), null);
            params[i] = saved - h;
            double down = LogisticLoss.lossAndGradient(params, batch(), null);
            params[i] = saved;
            assertEquals((up - down) / (2 * h), grad[i], 2e-4, "parameter " + i);
        }
    }

    @Test
    void theLossIsTheWeightedCrossEntropyOfTheSigmoid() {
        float[] params = new float[FEATURES.buckets() + 1];
        params[FEATURES.buckets()] = 0.75f; // only the bias: every logit is 0.75 (exact in float)
        double p = 1 / (1 + Math.exp(-0.75));
        double expected = (1.5 * -Math.log(p) + 0.5 * -Math.log(1 - p) + 1.5 * -Math.log(p)) / 3;
        assertEquals(expected, LogisticLoss.lossAndGradient(params, batch(), null), 1e-9);
    }

    @Test
    void extremeLogitsGiveFiniteLosses() {
        float[] params = new float[FEATURES.buckets() + 1];
        params[FEATURES.buckets()] = -1000f; // every text scored certainly clean
        double loss = LogisticLoss.lossAndGradient(params, List.of(new LogisticLoss.Example(FEATURES.of("씨발"), 1, 1f)), null);
        assertEquals(1000, loss, 1e-6);
    }
}
