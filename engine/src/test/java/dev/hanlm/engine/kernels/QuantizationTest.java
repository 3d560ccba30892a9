package dev.hanlm.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Q8_0 and Q4_0 follow llama.cpp's rounding and stay within their quantization step of the input. */
class QuantizationTest {
    @Test
    void q8RoundsEachBlockToItsLargestMagnitudeOver127() {
        float[] block = new float[32];
        for (int i = 0; i < 32; i++) block[i] = (i - 16) * 0.25f; // amax 4.0 at i = 0
        try (Arena arena = Arena.ofShared()) {
            Matrix m = new Matrix(TestTensors.stored(DType.F32, block, arena), 1, 32, Matrix.Layout.ROW_MAJOR);
            Tensor q = Q8Tensor.quantize(m, arena);
            float d = Float.float16ToFloat(Float.floatToFloat16(4f / 127));
            for (int i = 0; i < 32; i++) assertEquals(Math.round(block[i] * 127 / 4f) * d, q.get(i), 1e-7f, "element " + i);
        }
    }

    @Test
    void q4MapsTheLargestMagnitudeToMinus8AndClampsTheOtherEndTo7() {
        float[] block = new float[32];
        for (int i = 0; i < 32; i++) block[i] = (i - 15) * 0.5f; // max magnitude 8.0 at i = 31, positive
        try (Arena arena = Arena.ofShared()) {
            Matrix m = new Matrix(TestTensors.stored(DType.F32, block, arena), 1, 32, Matrix.Layout.ROW_MAJOR);
            Tensor q = Q4Tensor.quantize(m, arena);
            // d = max / -8 = -1: element 31 (8.0) -> q 0 -> -8 * d = 8; element 0 (-7.5) -> q 15.5 clamped to 15 -> 7 * d = -7
            assertEquals(8f, q.get(31));
            assertEquals(-7f, q.get(0));
            assertEquals(0f, q.get(15), 0f);
        }
    }

    @Test
    void roundTripErrorStaysWithinHalfAStepAcrossRowsNotMultipleOf32() {
        Random r = new Random(3);
        try (Arena arena = Arena.ofShared()) {
            for (Matrix.Layout layout : Matrix.Layout.values()) {
                Matrix m = TestTensors.matrix(DType.F32, layout, 13, 45, r, arena);
                Tensor q8 = Q8Tensor.quantize(m, arena), q4 = Q4Tensor.quantize(m, arena);
                for (int j = 0; j < 13; j++) {
                    for (int k = 0; k < 45; k++) {
                        long i = (long) j * 45 + k;
                        float amax = blockMax(m, i);
                        // half a step, plus the f16 rounding of the scale applied to the largest code
                        assertTrue(Math.abs(q8.get(i) - m.get(j, k)) <= amax / 127 * 0.5f + amax * 1e-3f, layout + " q8 at " + i);
                        assertTrue(Math.abs(q4.get(i) - m.get(j, k)) <= amax / 8 + amax * 1e-3f, layout + " q4 at " + i);
                    }
                }
            }
        }
    }

    @Test
    void columnMajorSourceQuantizesInLogicalRowOrder() {
        Random r = new Random(4);
        try (Arena arena = Arena.ofShared()) {
            Matrix cols = TestTensors.matrix(DType.F32, Matrix.Layout.COLUMN_MAJOR, 40, 36, r, arena);
            float[] values = new float[40 * 36];
            for (int j = 0; j < 40; j++) {
                for (int k = 0; k < 36; k++) values[j * 36 + k] = cols.get(j, k);
            }
            Matrix rows = new Matrix(TestTensors.stored(DType.F32, values, arena), 40, 36, Matrix.Layout.ROW_MAJOR);
            float[] a = new float[values.length], b = new float[values.length];
            Q8Tensor.quantize(cols, arena).toFloats(0, a, 0, a.length);
            Q8Tensor.quantize(rows, arena).toFloats(0, b, 0, b.length);
            assertArrayEquals(b, a);
        }
    }

    @Test
    void panelsHoldTheRowsRoundingValueForValueAndZeroPaddedRows() {
        Random r = new Random(5);
        try (Arena arena = Arena.ofShared()) {
            int rows = 70, cols = 96, padded = 5 * Matrix.PANEL;
            Matrix m = TestTensors.matrix(DType.F32, Matrix.Layout.ROW_MAJOR, rows, cols, r, arena);
            for (DType dtype : new DType[] {DType.Q8_0, DType.Q4_0}) {
                Matrix panels = m.quantize(dtype, arena);
                Tensor byRows = dtype == DType.Q8_0 ? Q8Tensor.quantize(m, arena) : Q4Tensor.quantize(m, arena);
                assertEquals(Matrix.Layout.PANELS, panels.layout());
                assertEquals(dtype, panels.values().dtype());
                assertEquals((long) padded * cols, panels.values().size());
                for (int j = 0; j < rows; j++) {
                    for (int k = 0; k < cols; k++) assertEquals(byRows.get((long) j * cols + k), panels.get(j, k), dtype + " " + j + "," + k);
                }
                for (int j = rows; j < padded; j++) {
                    for (int k = 0; k < cols; k++) assertEquals(0f, panels.values().get(((long) (j / Matrix.PANEL) * cols + k) * Matrix.PANEL + j % Matrix.PANEL));
                }
            }
        }
    }

    @Test
    void q4PanelsKeepSubnormalAndNegativeScalesExactly() {
        // rows of tiny weights give subnormal f16 scales (below 6.1e-5), and a block's scale is negative where its
        // largest magnitude is positive: panels, their decoded chunks and their integer products keep them exactly
        Random r = new Random(8);
        try (Arena arena = Arena.ofShared()) {
            int rows = 64, cols = 64;
            float[] values = TestTensors.gaussian(r, rows * cols);
            for (int i = 0; i < values.length; i++) values[i] *= (i / cols) % 3 == 0 ? 1e-5f : (i / cols) % 3 == 1 ? 3e-3f : 40f;
            Matrix m = new Matrix(TestTensors.stored(DType.F32, values, arena), rows, cols, Matrix.Layout.ROW_MAJOR);
            Matrix panels = m.quantize(DType.Q4_0, arena);
            Tensor byRows = Q4Tensor.quantize(m, arena);
            float[] decoded = new float[rows * cols];
            panels.values().toFloats(0, decoded, 0, decoded.length);
            for (int j = 0; j < rows; j++) {
                for (int k = 0; k < cols; k++) {
                    float expected = byRows.get((long) j * cols + k);
                    assertEquals(expected, panels.get(j, k), 0f, j + "," + k);
                    assertEquals(expected, decoded[(j / Matrix.PANEL * cols + k) * Matrix.PANEL + j % Matrix.PANEL], 0f, "decoded " + j + "," + k);
                }
            }
            float[] x = TestTensors.gaussian(r, cols), out = new float[rows], expected = new float[rows];
            MatMul.matvec(out, x, panels, null);
            Reference.matmul(expected, x, 1, panels, null);
            for (int j = 0; j < rows; j++) assertEquals(expected[j], out[j], Math.abs(expected[j]) * 1e-5f + 1e-12f, "row " + j);
        }
    }

    @Test
    void rowsOfPartialBlocksStayQuantizedRowByRow() {
        try (Arena arena = Arena.ofShared()) {
            Matrix m = TestTensors.matrix(DType.F32, Matrix.Layout.ROW_MAJOR, 20, 45, new Random(6), arena);
            Matrix q = m.quantize(DType.Q8_0, arena);
            assertEquals(Matrix.Layout.ROW_MAJOR, q.layout());
            assertTrue(q.values() instanceof Q8Tensor);
        }
    }

    private static float blockMax(Matrix m, long index) {
        long start = index / 32 * 32;
        float amax = 0;
        for (long i = start; i < Math.min(start + 32, (long) m.rows() * m.cols()); i++) {
            amax = Math.max(amax, Math.abs(m.get((int) (i / m.cols()), (int) (i % m.cols()))));
        }
        return amax;
    }
}
