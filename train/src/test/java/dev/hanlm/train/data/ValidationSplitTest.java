package dev.hanlm.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.train.TrainingException;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {
    @Test
    void theSameDocumentAlwaysLandsOnTheSameSide() {
        ValidationSplit split = new ValidationSplit(0.1);
        for (int i = 0; i < 1000; i++) {
            String doc = "문서 번호 " + i;
            assertEquals(split.isValidation(DocumentHash.of(doc)), new ValidationSplit(0.1).isValidation(DocumentHash.of(doc)));
        }
    }

    @Test
    void takesAboutTheFractionAndGrowsMonotonically() {
        int small = 0, large = 0;
        for (int i = 0; i < 20_000; i++) {
            DocumentHash h = DocumentHash.of("doc " + i);
            boolean inSmall = new ValidationSplit(0.05).isValidation(h);
            boolean inLarge = new ValidationSplit(0.2).isValidation(h);
            if (inSmall) assertTrue(inLarge, "a larger fraction keeps every document of a smaller one");
            if (inSmall) small++;
            if (inLarge) large++;
        }
        assertEquals(1000, small, 100);
        assertEquals(4000, large, 200);
    }

    @Test
    void zeroTakesNothingAndOneIsRefused() {
        assertFalse(new ValidationSplit(0).isValidation(new DocumentHash(0, 0)));
        assertTrue(assertThrows(TrainingException.class, () -> new ValidationSplit(1)).getMessage().contains("--val-fraction"));
        assertThrows(TrainingException.class, () -> new ValidationSplit(-0.1));
        assertThrows(TrainingException.class, () -> new ValidationSplit(Double.NaN));
    }
}
