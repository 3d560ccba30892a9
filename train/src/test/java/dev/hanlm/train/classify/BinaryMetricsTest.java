package dev.hanlm.train.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {
    @Test
    void countsAndRatiosFollowTheirDefinitions() {
        double[] scores = {0.9, 0.8, 0.6, 0.4, 0.3, 0.1};
        int[] labels = {1, 0, 1, 1, 0, 0};
        BinaryMetrics m = BinaryMetrics.of(scores, labels, 0.5);
        assertEquals(new BinaryMetrics(2, 1, 2, 1), m);
        assertEquals(2.0 / 3, m.precision(), 1e-12);
        assertEquals(2.0 / 3, m.recall(), 1e-12);
        assertEquals(2.0 / 3, m.f1(), 1e-12);
        assertEquals(4.0 / 6, m.accuracy(), 1e-12);
    }

    @Test
    void theBestThresholdBeatsEveryOtherCandidate() {
        Random random = new Random(5);
        double[] scores = new double[200];
        int[] labels = new int[200];
        for (int i = 0; i < scores.length; i++) {
            labels[i] = random.nextInt(3) == 0 ? 1 : 0;
            scores[i] = Math.round((random.nextDouble() + labels[i] * 0.4) * 50) / 50.0; // ties on purpose
        }
        double best = BinaryMetrics.bestF1Threshold(scores, labels);
        double bestF1 = BinaryMetrics.of(scores, labels, best).f1();
        for (int t = 0; t <= 150; t++) {
            double other = BinaryMetrics.of(scores, labels, t / 100.0).f1();
            assertEquals(true, other <= bestF1 + 1e-12, "threshold " + t / 100.0 + " gives F1 " + other + " > " + bestF1);
        }
    }
}
