package dev.hanlm.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.train.TrainingException;
import dev.hanlm.train.classify.LogisticLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QualityModelTest {
    /** Encyclopedic prose, a sentence a line as WikiExtractor writes paragraphs. */
    private static final String ARTICLE = "서울특별시는 대한민국의 수도이다.\n서울은 한강을 끼고 있으며 약 천만 명이 산다.\n조선 시대에는 한양이라 불렸다.\n"
            + "오백 년 넘게 나라의 중심이었다.\n오늘날에도 정치와 경제와 문화의 중심지이다.\n서울에는 궁궐과 박물관이 많다.";

    @Test
    void theGradientMatchesFiniteDifferences() {
        Random random = new Random(5);
        int n = QualityFeatures.NAMES.size();
        List<LogisticLoss.Example> examples = new ArrayList<>();
        for (int r = 0; r < 6; r++) {
            double[] x = new double[n];
            for (int j = 0; j < n; j++) x[j] = random.nextGaussian();
            examples.add(new LogisticLoss.Example(QualityModel.standardized(x, new double[n], filled(n, 1)), r % 2, r % 2 == 0 ? 0.75f : 1.5f));
        }
        float[] params = new float[n + 1], grad = new float[n + 1];
        for (int j = 0; j <= n; j++) params[j] = (float) random.nextGaussian();
        QualityModelTrainer.lossAndGradient(params, examples, grad);
        float h = 1e-2f;
        for (int j = 0; j <= n; j++) {
            float saved = params[j];
            params[j] = saved + h;
            double up = QualityModelTrainer.lossAndGradient(params, examples, new float[n + 1]);
            params[j] = saved - h;
            double down = QualityModelTrainer.lossAndGradient(params, examples, new float[n + 1]);
            params[j] = saved;
            assertEquals((up - down) / (2 * h), grad[j], 2e-4, "parameter " + j);
        }
    }

    @Test
    void itLearnsToSeparateArticlesFromShortComments() {
        List<String> good = new ArrayList<>(), bad = new ArrayList<>();
        String[] sentences = ARTICLE.split("\\. ?");
        for (int i = 0; i < 20; i++) {
            good.add(sentences[i % sentences.length] + "다. " + ARTICLE + " 이 문단은 " + (i + 1) + "번째 예시이다.");
            bad.add("ㅋㅋㅋ " + "굳".repeat(1 + i % 3) + " " + (i * 37) + "!!");
        }
        QualityModel model = QualityModelTrainer.train(good, bad, "toy");
        for (String text : good) assertTrue(model.score(new DocumentNormalizer().normalize(text)) > 0.9, text);
        for (String text : bad) assertTrue(model.score(new DocumentNormalizer().normalize(text)) < 0.1, text);
        assertArrayEquals(model.weights(), QualityModelTrainer.train(good, bad, "toy").weights(), "deterministic");
    }

    @Test
    void theShippedModelKeepsAnArticleAndDropsAComment() {
        QualityModel shipped = QualityModel.shipped();
        assertTrue(shipped.score(ARTICLE) >= 0.5, "article scored " + shipped.score(ARTICLE));
        assertTrue(shipped.score("ㅋㅋ 개꿀잼 강추") < 0.5);
        assertTrue(new QualityFilter(0.5).keep(ARTICLE));
        assertTrue(new QualityFilter(0).keep("ㅋㅋ"), "0 turns the stage off");
    }

    @Test
    void aModelOverOtherFeaturesIsRefused() {
        TrainingException e = assertThrows(TrainingException.class,
                () -> new QualityModel(List.of("length"), new double[1], new double[1], new double[1], 0, "x"));
        assertTrue(e.getMessage().startsWith("a quality model must use the features"));
    }

    private static double[] filled(int n, double value) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, value);
        return a;
    }
}
