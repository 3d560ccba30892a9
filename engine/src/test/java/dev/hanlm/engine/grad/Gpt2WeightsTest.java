package dev.hanlm.engine.grad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Gpt2WeightsTest {
    @Test
    void zeroClearsEveryValueAcrossThePoolsPieces() {
        // 16,300 x 8 embedding rows and more: several of zero()'s pieces of 65,536 values and a partial last one
        Gpt2Weights w = Gpt2Weights.initialize(new Gpt2Shape(16_300, 16, 1, 2, 8), 3);
        float[] values = w.values();
        assertTrue(values.length > 2 * 65_536 && values.length % 65_536 != 0, "size " + values.length);
        int nonZero = 0;
        for (float v : values) if (v != 0f) nonZero++;
        assertTrue(nonZero > values.length / 2, nonZero + " of " + values.length + " initialized values are not 0");
        w.zero();
        for (int i = 0; i < values.length; i++) assertEquals(0f, values[i], "value " + i);
    }
}
