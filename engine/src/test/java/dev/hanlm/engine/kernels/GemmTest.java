package dev.hanlm.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The blocked product equals the scalar reference for every transpose case, at sizes that leave partial register
 * tiles, KC slices, NC column blocks and MB x KB blocks of A, with leading dimensions wider than the operands and offsets
 * into larger arrays; and it gives the same bits on one thread as on the pool.
 */
class GemmTest {
    /**
     * (m, n, k): single elements, tiles cut in every dimension, several KC slices, NC blocks, MB and KB blocks; the
     * narrow ones with many rows make several runs of rows, which share one packing of B (the last in two KB blocks).
     */
    private static final int[][] SHAPES = {
            {1, 1, 1}, {1, 37, 45}, {2, 5, 3}, {7, 19, 33}, {Gemm.MR, Gemm.NR, Gemm.KC}, {13, Gemm.NC + 3, Gemm.KC + 17},
            {Gemm.MC + 5, 3 * Gemm.NC + 1, 2 * Gemm.KC + 9}, {Gemm.MB + 7, 21, 30}, {9, 20, Gemm.KB + 5}, {40, 9, 0},
            {2 * Gemm.MC + 8, 2 * Gemm.NC - 5, Gemm.KB + 9}};

    @ParameterizedTest
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void equalsTheReferenceAndDoesNotDependOnTheThreadCount(boolean transA, boolean transB) {
        Random r = new Random(11);
        for (int[] s : SHAPES) {
            int m = s[0], n = s[1], k = s[2];
            int lda = (transA ? m : k) + r.nextInt(3), ldb = (transB ? k : n) + r.nextInt(3), ldc = n + r.nextInt(3);
            int aOffset = r.nextInt(5), bOffset = r.nextInt(5), cOffset = r.nextInt(5);
            float[] a = TestTensors.gaussian(r, aOffset + (transA ? k : m) * lda + 1);
            float[] b = TestTensors.gaussian(r, bOffset + (transB ? n : k) * ldb + 1);
            float[] c0 = TestTensors.gaussian(r, cOffset + m * ldc + 1);
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] expected = c0.clone(), actual = c0.clone(), serial = c0.clone();
                Reference.gemm(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, expected, cOffset, ldc, accumulate);
                Gemm.multiply(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, actual, cOffset, ldc, accumulate);
                OneThread.run(() -> Gemm.multiply(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, serial,
                        cOffset, ldc, accumulate));
                String where = (transA ? "T" : "N") + (transB ? "T" : "N") + " " + m + "x" + n + "x" + k + " accumulate " + accumulate;
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], TestTensors.tolerance(k) * (accumulate ? 2 : 1), where + " at " + i);
                }
                assertArrayEquals(actual, serial, where + ": one thread differs from the pool");
            }
        }
    }
}
