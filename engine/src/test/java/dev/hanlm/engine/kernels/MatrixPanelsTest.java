package dev.hanlm.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Matrix#toPanels}: from either layout, the same values in the same dtype, rows past the last panel's zero,
 * and what it refuses.
 */
class MatrixPanelsTest {
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void packingKeepsEveryValueAndPadsTheLastPanelWithZeros(DType dtype) {
        for (Matrix.Layout layout : new Matrix.Layout[] {Matrix.Layout.ROW_MAJOR, Matrix.Layout.COLUMN_MAJOR}) packs(dtype, layout);
    }

    private static void packs(DType dtype, Matrix.Layout layout) {
        try (Arena arena = Arena.ofShared()) {
            int rows = 3 * Matrix.PANEL + 5, cols = 37;
            Matrix source = TestTensors.matrix(dtype, layout, rows, cols, new Random(3), arena);
            Matrix panels = source.toPanels(arena);
            assertEquals(Matrix.Layout.PANELS, panels.layout());
            assertEquals(dtype, panels.values().dtype());
            assertEquals((long) 4 * Matrix.PANEL * cols, panels.values().size());
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) assertEquals(source.get(r, c), panels.get(r, c), r + "," + c);
            }
            // element (row, col) of the padded rows sits where get() would put it, and is zero
            for (int r = rows; r < 4 * Matrix.PANEL; r++) {
                for (int c = 0; c < cols; c++) {
                    assertEquals(0f, panels.values().get(((long) (r / Matrix.PANEL) * cols + c) * Matrix.PANEL + r % Matrix.PANEL));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"Q8_0", "Q4_0"})
    void quantizedMatricesAreNotPacked(DType dtype) {
        try (Arena arena = Arena.ofShared()) {
            Matrix q = TestTensors.matrix(dtype, Matrix.Layout.ROW_MAJOR, 40, 64, new Random(4), arena);
            var e = assertThrows(IllegalArgumentException.class, () -> q.toPanels(arena));
            assertTrue(e.getMessage().contains(dtype.toString()), e.getMessage());
        }
    }

    @org.junit.jupiter.api.Test
    void aPackedMatrixIsNotPackedAgain() {
        try (Arena arena = Arena.ofShared()) {
            Matrix m = TestTensors.matrix(DType.F32, Matrix.Layout.PANELS, 40, 64, new Random(5), arena);
            assertThrows(IllegalArgumentException.class, () -> m.toPanels(arena));
        }
    }
}
