package dev.hanlm.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Each dtype's fast decode and dot product equal its scalar reference, at odd offsets and lengths. */
class TensorTest {
    private static final int[] LENGTHS = {1, 7, 31, 32, 33, 67, 100, 257};

    @ParameterizedTest
    @EnumSource(DType.class)
    void toFloatsEqualsGetAtOddOffsetsAndLengths(DType dtype) {
        try (Arena arena = Arena.ofShared()) {
            Tensor t = TestTensors.matrix(dtype, Matrix.Layout.ROW_MAJOR, 9, 57, new Random(1), arena).values();
            for (int offset : new int[] {0, 1, 5, 31, 32, 45}) {
                for (int n : LENGTHS) {
                    if (offset + n > t.size()) continue;
                    float[] fast = new float[n + 3];
                    t.toFloats(offset, fast, 3, n);
                    for (int i = 0; i < n; i++) {
                        assertEquals(t.get(offset + i), fast[3 + i], dtype + " element " + (offset + i));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"BF16", "Q8_0", "Q4_0"})
    void panelsDecodeWholeChunksAndRaggedEndsAsGetDoes(DType dtype) {
        // a quantized chunk is one panel's 16 rows by 32 inputs (512 elements), a bf16 run one panel's 16 rows for one
        // input (stored in pairs): aligned runs take the vector decoder
        try (Arena arena = Arena.ofShared()) {
            Tensor t = TestTensors.matrix(dtype, Matrix.Layout.PANELS, 40, 96, new Random(4), arena).values();
            assertTrue(dtype != DType.BF16 || t instanceof BF16Panels, t.getClass().getSimpleName());
            for (int offset : new int[] {0, 7, 512, 1000, 1536}) {
                for (int n : new int[] {1, 300, 512, 1024, 1700}) {
                    if (offset + n > t.size()) continue;
                    float[] fast = new float[n + 3];
                    t.toFloats(offset, fast, 3, n);
                    for (int i = 0; i < n; i++) {
                        assertEquals(t.get(offset + i), fast[3 + i], dtype + " element " + (offset + i));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void dotEqualsReference(DType dtype) {
        Random r = new Random(2);
        try (Arena arena = Arena.ofShared()) {
            Tensor t = TestTensors.matrix(dtype, Matrix.Layout.ROW_MAJOR, 7, 301, r, arena).values();
            float[] x = TestTensors.gaussian(r, 400);
            for (int offset : new int[] {0, 3, 32, 301, 333}) {
                for (int n : LENGTHS) {
                    float expected = Reference.dot(t, offset, x, 2, n);
                    assertEquals(expected, t.dot(offset, x, 2, n), TestTensors.tolerance(n), dtype + " offset " + offset + " n " + n);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void dotsGiveEachInputExactlyItsDot(DType dtype) {
        Random r = new Random(3);
        try (Arena arena = Arena.ofShared()) {
            Tensor t = TestTensors.matrix(dtype, Matrix.Layout.ROW_MAJOR, 7, 301, r, arena).values();
            for (int n : LENGTHS) {
                for (int count : new int[] {1, 2, 5}) {
                    float[] x = TestTensors.gaussian(r, count * n);
                    float[] out = new float[1 + 3 * count];
                    t.dots(32, n, x, count, out, 1, 3, new float[n]);
                    for (int i = 0; i < count; i++) {
                        assertEquals(Float.floatToIntBits(t.dot(32, x, i * n, n)), Float.floatToIntBits(out[1 + 3 * i]),
                                dtype + " n " + n + " input " + i + " of " + count);
                    }
                }
            }
        }
    }

    @Test
    void f16DecodesSubnormalsInfinitiesAndNaNAsTheJdkDoes() {
        short[] bits = {0x0000, (short) 0x8000, 0x0001, 0x03FF, 0x0400, 0x3C00, (short) 0xC000, 0x7BFF,
                0x7C00, (short) 0xFC00, 0x7E00, 0x7C01, 0x1234, (short) 0x9234, 0x0200, 0x5555};
        float[] values = new float[bits.length];
        for (int i = 0; i < bits.length; i++) values[i] = Float.float16ToFloat(bits[i]);
        try (Arena arena = Arena.ofShared()) {
            Tensor t = TestTensors.stored(DType.F16, values, arena);
            float[] fast = new float[bits.length];
            t.toFloats(0, fast, 0, bits.length);
            for (int i = 0; i < bits.length; i++) {
                assertEquals(Float.floatToIntBits(values[i]), Float.floatToIntBits(fast[i]), "f16 bits " + Integer.toHexString(bits[i] & 0xFFFF));
            }
        }
    }
}
