package dev.hanlm.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The matrix-vector and blocked matrix-matrix products equal the scalar reference for every dtype and layout, at
 * sizes that leave partial register tiles, partial KC slices and partial thread work items.
 */
class MatMulTest {
    /** (tokens, outputs, inputs): single rows, tiles cut in every dimension, more than one KC slice and NC item. */
    private static final int[][] SHAPES = {
            {1, 1, 1}, {1, 37, 45}, {2, 5, 3}, {7, 19, 33}, {6, 2 * Gemm.NR, Gemm.KC},
            {13, Gemm.NC + 3, Gemm.KC + 17}, {Gemm.MC + 5, 3 * Gemm.NC + 1, 2 * Gemm.KC + 9}};
    /**
     * (tokens, outputs, inputs) for matrices quantized in panels, whose rows are whole blocks of 32: a partial panel,
     * a partial group of four panels, two of PanelProducts' slices of 1,024 inputs, and a KC slice cut mid-way.
     */
    private static final int[][] BLOCK_SHAPES = {
            {1, 5, 32}, {1, 37, 64}, {3, 70, 1088}, {7, 130, 96}, {Gemm.MC + 5, Gemm.NC + 3, Gemm.KC + 32}};

    @ParameterizedTest
    @EnumSource(DType.class)
    void rowMajorEqualsReference(DType dtype) {
        check(dtype, Matrix.Layout.ROW_MAJOR);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void columnMajorEqualsReference(DType dtype) {
        check(dtype, Matrix.Layout.COLUMN_MAJOR);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void panelsEqualReference(DType dtype) {
        check(dtype, Matrix.Layout.PANELS);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"Q8_0", "Q4_0"})
    void quantizedPanelsEqualReference(DType dtype) {
        check(dtype, Matrix.Layout.PANELS);
    }

    private static void check(DType dtype, Matrix.Layout layout) {
        Random r = new Random(5);
        boolean blocks = layout == Matrix.Layout.PANELS && (dtype == DType.Q8_0 || dtype == DType.Q4_0);
        try (Arena arena = Arena.ofShared()) {
            for (int[] shape : blocks ? BLOCK_SHAPES : SHAPES) {
                int n = shape[0], rows = shape[1], cols = shape[2];
                Matrix w = TestTensors.matrix(dtype, layout, rows, cols, r, arena);
                float[] x = TestTensors.gaussian(r, n * cols);
                float[] bias = r.nextBoolean() ? TestTensors.gaussian(r, rows) : null;
                float[] expected = new float[n * rows], actual = new float[n * rows];
                Reference.matmul(expected, x, n, w, bias);
                MatMul.matmul(actual, x, n, w, bias);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], TestTensors.tolerance(cols),
                            dtype + " " + layout + " " + n + "x" + rows + "x" + cols + " at " + i);
                }
            }
        }
    }

    @Test
    void everyRowOfAMatrixProductEqualsTheSameRowComputedAloneInAProduct() {
        // a token's outputs must not depend on which other tokens share its tile
        Random r = new Random(6);
        try (Arena arena = Arena.ofShared()) {
            Matrix w = TestTensors.matrix(DType.F32, Matrix.Layout.ROW_MAJOR, 50, 300, r, arena);
            float[] x = TestTensors.gaussian(r, 9 * 300);
            float[] all = new float[9 * 50];
            MatMul.matmul(all, x, 9, w, null);
            float[] pair = new float[2 * 50];
            float[] rows = new float[2 * 300];
            System.arraycopy(x, 4 * 300, rows, 0, 2 * 300);
            MatMul.matmul(pair, rows, 2, w, null);
            assertArrayEquals(java.util.Arrays.copyOfRange(all, 4 * 50, 6 * 50), pair);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void eachRowOfABatchedStepEqualsItsLoneProductBitForBit(DType dtype) {
        // matvecs' register tiles take 4 inputs at a time and the rest one by one; each input must still get
        // exactly what matvec gives it alone, whatever the batch size, at widths that leave ragged tiles and slices
        Random r = new Random(7);
        try (Arena arena = Arena.ofShared()) {
            for (Matrix.Layout layout : Matrix.Layout.values()) {
                boolean quantized = dtype == DType.Q8_0 || dtype == DType.Q4_0;
                if (layout == Matrix.Layout.COLUMN_MAJOR && quantized) continue;
                // quantized panels need rows of whole blocks; they sum each block before scaling it, batched or not
                int[][] shapes = quantized && layout == Matrix.Layout.PANELS
                        ? new int[][] {{37, 64}, {70, 1088}, {1100, 96}} : new int[][] {{37, 45}, {70, 1100}, {1100, 70}};
                for (int[] shape : shapes) {
                    int rows = shape[0], cols = shape[1];
                    Matrix w = TestTensors.matrix(dtype, layout, rows, cols, r, arena);
                    float[] bias = TestTensors.gaussian(r, rows);
                    for (int n = 1; n <= 9; n++) {
                        float[] x = TestTensors.gaussian(r, n * cols), batched = new float[n * rows];
                        MatMul.matvecs(batched, x, n, w, bias);
                        for (int t = 0; t < n; t++) {
                            float[] alone = new float[rows];
                            MatMul.matvec(alone, java.util.Arrays.copyOfRange(x, t * cols, (t + 1) * cols), w, bias);
                            assertArrayEquals(alone, java.util.Arrays.copyOfRange(batched, t * rows, (t + 1) * rows),
                                    dtype + " " + layout + " " + rows + "x" + cols + " row " + t + " of " + n);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void matricesSharingTheirInputInOneCallGiveEachItsOwnProductBitForBit(DType dtype) {
        // a layer's q, k and v (or gate and up) run as one call to the pool over all their groups of panels
        Random r = new Random(9);
        try (Arena arena = Arena.ofShared()) {
            int cols = 96;
            Matrix[] ws = {TestTensors.matrix(dtype, Matrix.Layout.PANELS, 150, cols, r, arena),
                    TestTensors.matrix(dtype, Matrix.Layout.PANELS, 32, cols, r, arena),
                    TestTensors.matrix(dtype, Matrix.Layout.PANELS, 70, cols, r, arena)};
            for (int n : new int[] {1, 2, 5, 6, 9}) {
                float[] x = TestTensors.gaussian(r, n * cols);
                float[][] together = new float[ws.length][];
                for (int i = 0; i < ws.length; i++) together[i] = new float[n * ws[i].rows()];
                (n == 1 ? MatMul.Linear.TOKENS : MatMul.Linear.ROWS).applyAll(x, n, together, ws);
                for (int i = 0; i < ws.length; i++) {
                    float[] alone = new float[n * ws[i].rows()];
                    MatMul.matvecs(alone, x, n, ws[i], null);
                    assertArrayEquals(alone, together[i], dtype + " matrix " + i + " of " + n + " rows");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void aPromptsProductOfPanelsEqualsEachTokensLoneProductBitForBit(DType dtype) {
        // Gemm's kernel and the panel tiles run the same chain per output: prefill's logits are a decode step's
        Random r = new Random(8);
        try (Arena arena = Arena.ofShared()) {
            for (int[] shape : new int[][] {{37, 45}, {70, 1100}, {Gemm.NC + 3, 2 * Gemm.KC + 9}}) {
                int rows = shape[0], cols = shape[1], n = 9;
                Matrix w = TestTensors.matrix(dtype, Matrix.Layout.PANELS, rows, cols, r, arena);
                float[] bias = TestTensors.gaussian(r, rows), x = TestTensors.gaussian(r, n * cols), prompt = new float[n * rows];
                MatMul.matmul(prompt, x, n, w, bias);
                for (int t = 0; t < n; t++) {
                    float[] alone = new float[rows];
                    MatMul.matvec(alone, java.util.Arrays.copyOfRange(x, t * cols, (t + 1) * cols), w, bias);
                    assertArrayEquals(alone, java.util.Arrays.copyOfRange(prompt, t * rows, (t + 1) * rows),
                            dtype + " " + rows + "x" + cols + " token " + t);
                }
            }
        }
    }
}
