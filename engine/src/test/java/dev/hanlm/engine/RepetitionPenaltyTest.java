package dev.hanlm.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** Both repetition penalty forms on hand-made logits. */
class RepetitionPenaltyTest {
    private static final float[] LOGITS = {2.0f, -1.0f, 0.5f, -3.0f, 0f, 4.0f};

    private static BitSet seen(int... ids) {
        BitSet s = new BitSet();
        for (int id : ids) s.set(id);
        return s;
    }

    @Test
    void hfFormDividesPositiveAndMultipliesNegativeLogitsOfSeenTokensOnly() {
        float[] logits = LOGITS.clone();
        RepetitionPenalty.hf(2).apply(logits, seen(0, 1, 4));
        assertArrayEquals(new float[] {1.0f, -2.0f, 0.5f, -3.0f, 0f, 4.0f}, logits);
    }

    @Test
    void aFactorBelowOneEncouragesRepeats() {
        float[] logits = LOGITS.clone();
        RepetitionPenalty.hf(0.5).apply(logits, seen(2, 3));
        assertArrayEquals(new float[] {2.0f, -1.0f, 1.0f, -1.5f, 0f, 4.0f}, logits);
    }

    @Test
    void clovaRepeatPenaltyIsTheHfFactorOnePlusAFiftieth() {
        assertEquals(1.0, RepetitionPenalty.clova(0).factor(), 1e-15);
        assertTrue(RepetitionPenalty.clova(0).isNone());
        assertEquals(1.1, RepetitionPenalty.clova(RepetitionPenalty.CLOVA_DEFAULT).factor(), 1e-15);
        assertEquals(1.2, RepetitionPenalty.clova(10).factor(), 1e-15);
        float[] logits = LOGITS.clone();
        RepetitionPenalty.clova(5).apply(logits, seen(5, 3));
        assertEquals(4.0f / 1.1f, logits[5], 1e-6);
        assertEquals(-3.0f * 1.1f, logits[3], 1e-6);
        assertEquals(2.0f, logits[0]);
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertTrue(assertThrows(EngineException.class, () -> RepetitionPenalty.clova(10.5)).getMessage().contains("outside 0..10"));
        assertThrows(EngineException.class, () -> RepetitionPenalty.clova(-1));
        assertTrue(assertThrows(EngineException.class, () -> RepetitionPenalty.hf(0)).getMessage().contains("not a positive number"));
        assertThrows(EngineException.class, () -> RepetitionPenalty.hf(Double.NaN));
    }
}
