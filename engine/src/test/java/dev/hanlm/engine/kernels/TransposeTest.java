package dev.hanlm.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A matrix added transposed into another equals the scalar loop, bit for bit, at sizes that cut every tile and every
 * block of columns.
 */
class TransposeTest {
    @Test
    void addingTransposedEqualsTheScalarLoop() {
        Random r = new Random(5);
        for (int[] s : new int[][] {{1, 1}, {8, 64}, {13, 70}, {16, 129}, {3, 200}, {11, 600}}) {
            int rows = s[0], cols = s[1], srcStride = cols + 3, dstStride = rows + 2, srcOffset = 4, dstOffset = 7;
            float[] src = TestTensors.gaussian(r, srcOffset + rows * srcStride);
            float[] dst = TestTensors.gaussian(r, dstOffset + cols * dstStride + 5), expected = dst.clone();
            for (int i = 0; i < rows; i++) {
                for (int k = 0; k < cols; k++) expected[dstOffset + k * dstStride + i] += src[srcOffset + i * srcStride + k];
            }
            Transpose.add(src, srcOffset, srcStride, rows, cols, dst, dstOffset, dstStride);
            for (int i = 0; i < dst.length; i++) assertEquals(expected[i], dst[i], 0f, rows + " x " + cols + " at " + i);
        }
    }
}
