package dev.hanlm.train.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.train.TrainingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierTrainerTest {
    private static final ClassifierTrainer.Settings SETTINGS =
            new ClassifierTrainer.Settings(new NgramFeatures(1 << 12, 1, 3, true), 6, 8, 0.05, 1e-4, 7);
    private static final String[] BAD = {"바보", "멍청이", "쓰레기"}, GOOD = {"친구", "선생님", "강아지"};
    private static final String[] FILLER = {"오늘", "정말", "우리", "그", "저기", "내일", "역시"};

    /** Toy texts: toxic ones hold one of the bad words, clean ones a good word, in random filler. */
    private static List<LabeledText> toy(int n, long seed) {
        Random random = new Random(seed);
        List<LabeledText> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % 3 == 0 ? 1 : 0; // a third toxic, as the class weights should cope with
            String word = (label == 1 ? BAD : GOOD)[random.nextInt(3)];
            out.add(new LabeledText(FILLER[random.nextInt(FILLER.length)] + " " + word + " " + FILLER[random.nextInt(FILLER.length)], label));
        }
        return out;
    }

    @Test
    void learnsASeparableSetAndPicksItsThresholdOnDev() {
        TextClassifier model = ClassifierTrainer.train(toy(300, 1), toy(60, 2), SETTINGS, null);
        BinaryMetrics test = model.evaluate(toy(90, 3), model.threshold());
        assertEquals(1.0, test.f1());
        assertEquals(1.0, test.accuracy());
        assertTrue(model.probability("우리 멍청이 저기") > 0.9);
        assertTrue(model.probability("우리 강아지 저기") < 0.1);
        assertEquals(1.0, model.info().path("dev").path("f1").asDouble());
    }

    @Test
    void theSameSeedGivesTheSameModel() {
        List<Integer> epochs = new ArrayList<>();
        TextClassifier a = ClassifierTrainer.train(toy(100, 1), null, SETTINGS, (epoch, loss, dev, threshold) -> epochs.add(epoch));
        TextClassifier b = ClassifierTrainer.train(toy(100, 1), null, SETTINGS, null);
        assertArrayEquals(a.params(), b.params());
        assertEquals(List.of(1, 2, 3, 4, 5, 6), epochs);
        assertEquals(0.5, a.threshold());
    }

    @Test
    void savedAndReadBackItScoresAlike(@TempDir Path dir) throws Exception {
        TextClassifier model = ClassifierTrainer.train(toy(100, 1), toy(30, 2), SETTINGS, null);
        model.write(dir.resolve("m"));
        TextClassifier read = TextClassifier.read(dir.resolve("m"));
        assertArrayEquals(model.params(), read.params());
        assertEquals(model.threshold(), read.threshold());
        assertEquals(model.features(), read.features());
        TextClassifier fromBytes = TextClassifier.read(Files.readAllBytes(dir.resolve("m/classifier.json")),
                Files.readAllBytes(dir.resolve("m/model.safetensors")), "m");
        assertEquals(model.probability("오늘 바보 내일"), fromBytes.probability("오늘 바보 내일"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("m")), files.toList()); // no temporary left beside it
        }
    }

    @Test
    void oneLabelOnlyIsRefused() {
        List<LabeledText> clean = List.of(new LabeledText("좋아", 0), new LabeledText("맞아", 0));
        TrainingException e = assertThrows(TrainingException.class, () -> ClassifierTrainer.train(clean, null, SETTINGS, null));
        assertTrue(e.getMessage().contains("both labels"), e.getMessage());
    }

    @Test
    void badJsonlNamesTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("d.jsonl");
        Files.writeString(file, "{\"text\": \"좋아\", \"label\": 0}\n\n{\"text\": \"싫어\", \"label\": 2}\n");
        TrainingException e = assertThrows(TrainingException.class, () -> LabeledText.read(file));
        assertEquals(file + " line 3 must be {\"text\": \"...\", \"label\": 0 or 1}", e.getMessage());
    }
}
