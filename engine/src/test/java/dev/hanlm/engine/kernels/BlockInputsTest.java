package dev.hanlm.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A Q4 product's inputs are rounded as llama.cpp's x86 path rounds a Q4_0 product's activations (blocks of 32, scale
 * max|x| / 127, to nearest, ties to even), the same way for a decode step's integer sums and a prompt's floats, and
 * the 16-bit sums of {@link Q4Panels} stay exact at the extremes they are sized for.
 */
class BlockInputsTest {
    @Test
    void eachBlockMapsItsLargestMagnitudeTo127AndRoundsTiesToEven() {
        float[] x = new float[40];
        x[0] = -127f; // block 0: d = 1
        x[1] = 2.5f;
        x[2] = -3.5f;
        x[3] = 0.5f;
        x[4] = 1.4999f;
        x[32] = 15.875f; // block 1 (8 inputs): d = 0.125
        x[33] = 7.9375f;
        x[34] = 7.8125f;
        BlockInputs in = BlockInputs.round(x, 1, 40);
        assertEquals(2, in.blocks);
        assertEquals(1f, in.scales[0]);
        short[] expected = {-127, 2, -4, 0, 1};
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], in.quants[i], "input " + i);
        assertEquals(0.125f, in.scales[1]);
        assertEquals(127, in.quants[32]);
        assertEquals(64, in.quants[33], "63.5 rounds to even");
        assertEquals(62, in.quants[34], "62.5 rounds to even");
        assertEquals(8 * (-127 + 2 - 4 + 1), in.offsets[0]);
        assertEquals(8 * (127 + 64 + 62), in.offsets[1]);
    }

    @Test
    void roundingStaysWithinHalfAStepAndAZeroBlockStaysZero() {
        Random r = new Random(3);
        int n = 3, cols = 100;
        float[] x = TestTensors.gaussian(r, n * cols);
        for (int i = 32; i < 64; i++) x[i] = 0; // row 0, block 1
        BlockInputs in = BlockInputs.round(x, n, cols);
        for (int t = 0; t < n; t++) {
            for (int k = 0; k < cols; k++) {
                int i = t * cols + k;
                float d = in.scales[t * in.blocks + k / 32];
                assertTrue(Math.abs(in.quants[i]) <= BlockInputs.LIMIT);
                assertTrue(Math.abs(d * in.quants[i] - x[i]) <= d / 2 * (1 + 1e-6f), "input " + i);
            }
        }
        assertEquals(0f, in.scales[1]);
        for (int i = 32; i < 64; i++) assertEquals(0, in.quants[i]);
    }

    @Test
    void wholeBlocksRoundAsMathRintRounds() {
        // whole blocks take vectors: held against the scalar definition, with ties (x / d = k + 1/2) in every block
        Random r = new Random(5);
        int n = 4, cols = 96;
        float[] x = TestTensors.gaussian(r, n * cols);
        for (int b = 0; b < n * cols / 32; b++) {
            x[32 * b] = 127 * (b % 2 == 0 ? 1 : -1); // d = 1 unless another input is larger
            for (int i = 1; i < 32; i++) x[32 * b + i] = Math.clamp(x[32 * b + i] * 30, -126, 126);
            x[32 * b + 1 + b % 31] = b % 3 - 0.5f;
        }
        BlockInputs in = BlockInputs.round(x, n, cols);
        for (int b = 0; b < n * cols / 32; b++) {
            float amax = 0;
            for (int i = 32 * b; i < 32 * b + 32; i++) amax = Math.max(amax, Math.abs(x[i]));
            float d = amax / 127, id = 1 / d;
            int sum = 0;
            for (int i = 32 * b; i < 32 * b + 32; i++) {
                short q = (short) Math.rint(x[i] * id);
                assertEquals(q, in.quants[i], "input " + i);
                sum += q;
            }
            assertEquals(d, in.scales[b], "block " + b);
            assertEquals((short) (8 * sum), in.offsets[b], "block " + b);
        }
    }

    @Test
    void aPromptsFloatsAreTheDecodeStepsRoundedValues() {
        // BlockInputs.of rounds whole blocks with vectors (the 1.5 * 2^23 trick) and partial ones with Math.rint
        Random r = new Random(4);
        int n = 5, cols = 72;
        float[] x = TestTensors.gaussian(r, n * cols);
        float[] ties = {127, 2.5f, -3.5f, 0.5f, -0.5f, 126.5f}; // d = 1 in row 0's first block
        System.arraycopy(ties, 0, x, 0, ties.length);
        for (int i = ties.length; i < 32; i++) x[i] = Math.clamp(x[i], -126, 126);
        try (Arena arena = Arena.ofShared()) {
            Matrix q4 = TestTensors.matrix(DType.Q4_0, Matrix.Layout.ROW_MAJOR, 3, cols, r, arena);
            float[] values = BlockInputs.of(x, n, q4);
            BlockInputs in = BlockInputs.round(x, n, cols);
            for (int i = 0; i < x.length; i++) {
                assertEquals(in.scales[i / cols * in.blocks + i % cols / 32] * in.quants[i], values[i], 0f, "input " + i);
            }
            Matrix q8 = TestTensors.matrix(DType.Q8_0, Matrix.Layout.ROW_MAJOR, 3, cols, r, arena);
            assertSame(x, BlockInputs.of(x, n, q8), "only Q4_0 rounds its inputs");
        }
    }

    @Test
    void theSixteenBitSumsHoldTheLargestBlocksExactly() {
        // q = -8 or 7 at every weight, inputs at +-127: blocks sum to +-32,512 and +-26,543, their sums of q + 8 wrap past 16 bits
        int rows = 64, cols = 64;
        float[] w = new float[rows * cols], x = new float[cols];
        for (int j = 0; j < rows; j++) {
            for (int k = 0; k < cols; k++) w[j * cols + k] = j % 2 == 0 ? -8 : (k % 32 == 0 ? -8 : 7);
        }
        for (int k = 0; k < cols; k++) x[k] = k < 32 ? 127 : -127;
        try (Arena arena = Arena.ofShared()) {
            Matrix m = new Matrix(TestTensors.stored(DType.F32, w, arena), rows, cols, Matrix.Layout.ROW_MAJOR);
            Matrix panels = m.quantize(DType.Q4_0, arena);
            assertEquals(Matrix.Layout.PANELS, panels.layout());
            float[] out = new float[rows];
            MatMul.matvec(out, x, panels, null);
            for (int j = 0; j < rows; j++) {
                double expected = 0;
                for (int k = 0; k < cols; k++) expected += (double) panels.get(j, k) * x[k];
                assertEquals(expected, out[j], 1e-3, "row " + j);
            }
            assertEquals(0f, out[0], 0f, "the two blocks of row 0 cancel: -8 * 127 * 32 + -8 * -127 * 32");
        }
    }
}
