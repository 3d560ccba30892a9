package dev.hanlm.engine.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

/** Random tensors of every dtype for the kernel tests, stored as a checkpoint would store them. */
final class TestTensors {
    private TestTensors() {}

    static float[] gaussian(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    /** values stored as dtype (F32, F16 or BF16, rounded to it), one byte past an aligned start as safetensors may be. */
    static Tensor stored(DType dtype, float[] values, Arena arena) {
        int width = dtype == DType.F32 ? 4 : 2;
        MemorySegment data = arena.allocate(1 + (long) values.length * width).asSlice(1);
        for (int i = 0; i < values.length; i++) {
            long at = (long) i * width;
            switch (dtype) {
                case F32 -> data.set(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at, values[i]);
                case F16 -> data.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at, Float.floatToFloat16(values[i]));
                case BF16 -> data.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at,
                        (short) (Float.floatToRawIntBits(values[i]) >>> 16));
                default -> throw new IllegalArgumentException(dtype.toString());
            }
        }
        return Tensor.of(dtype, data, values.length);
    }

    /** A rows x cols matrix of dtype (any, quantized ones made from F32) in the given layout. */
    static Matrix matrix(DType dtype, Matrix.Layout layout, int rows, int cols, Random r, Arena arena) {
        float[] values = gaussian(r, rows * cols);
        return switch (dtype) {
            case F32, F16, BF16 -> layout == Matrix.Layout.PANELS
                    ? new Matrix(stored(dtype, values, arena), rows, cols, Matrix.Layout.ROW_MAJOR).toPanels(arena)
                    : new Matrix(stored(dtype, values, arena), rows, cols, layout);
            case Q8_0, Q4_0 -> quantized(dtype, layout == Matrix.Layout.PANELS,
                    matrix(DType.F32, layout == Matrix.Layout.PANELS ? Matrix.Layout.ROW_MAJOR : layout, rows, cols, r, arena), arena);
        };
    }

    /** {@code m} quantized to dtype: in panels (its cols must be whole blocks), or row by row. */
    static Matrix quantized(DType dtype, boolean panels, Matrix m, Arena arena) {
        if (panels) {
            if (!QuantizedPanels.fits(m)) throw new IllegalArgumentException(m.cols() + " inputs are not whole blocks");
            return m.quantize(dtype, arena);
        }
        return new Matrix(dtype == DType.Q8_0 ? Q8Tensor.quantize(m, arena) : Q4Tensor.quantize(m, arena), m.rows(), m.cols(), Matrix.Layout.ROW_MAJOR);
    }

    /** |a - b| relative to the magnitude of the terms summed (n products of unit-scale numbers). */
    static float tolerance(int n) {
        return 2e-6f * (float) Math.sqrt(n) * 4 + 1e-6f;
    }
}
