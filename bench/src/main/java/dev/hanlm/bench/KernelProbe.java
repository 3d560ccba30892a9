package dev.hanlm.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.kernels.DType;
import dev.hanlm.engine.kernels.MatMul;
import dev.hanlm.engine.kernels.Matrix;
import dev.hanlm.engine.kernels.Q4Tensor;
import dev.hanlm.engine.kernels.Q8Tensor;
import dev.hanlm.engine.kernels.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * hanlm's linear-layer kernels alone, outside a model, to tell kernel speed from everything around it:
 * {@code EngineBench kernels --rows 4864 --cols 896 --n 512 --dtype f32|bf16|f16|q8|q4 [--layout row|col|panels] [--reps 9]}.
 * With {@code --n 1} it times {@link MatMul#matvec} and reports GB/s of weights read (compare with the bandwidth
 * measurement); with {@code --n > 1} it times {@link MatMul#matmul} and reports GFLOP/s (compare with the sgemm peak).
 * The weight matrix is off-heap like a memory-mapped checkpoint, filled with seeded random values.
 */
final class KernelProbe {
    private KernelProbe() {}

    static ObjectNode run(Map<String, String> o) {
        int rows = Integer.parseInt(o.getOrDefault("rows", "4864")), cols = Integer.parseInt(o.getOrDefault("cols", "896"));
        int n = Integer.parseInt(o.getOrDefault("n", "1")), reps = Integer.parseInt(o.getOrDefault("reps", "9"));
        String dtype = o.getOrDefault("dtype", "f32");
        String layout = o.getOrDefault("layout", "row");
        long size = (long) rows * cols;
        try (Arena arena = Arena.ofShared()) {
            SplittableRandom r = new SplittableRandom(1);
            Matrix m = randomMatrix(dtype, layout, rows, cols, r, arena);
            float[] x = new float[n * cols], out = new float[n * rows];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            // enough calls per sample for about 0.2 s, after a warm-up that lets C2 compile the kernels
            int calls = Math.max(1, (int) (2e8 / Math.max(1.0, (double) size * (n == 1 ? 1 : n * 2))));
            List<Double> secs = new ArrayList<>();
            for (int rep = 0; rep < reps + 3; rep++) {
                long a = System.nanoTime();
                for (int c = 0; c < calls; c++) MatMul.matmul(out, x, n, m, null);
                if (rep >= 3) secs.add((System.nanoTime() - a) / 1e9 / calls);
            }
            double s = EngineBench.median(secs);
            ObjectNode res = EngineBench.JSON.createObjectNode();
            res.put("kind", "kernel").put("dtype", dtype).put("layout", m.layout().name()).put("rows", rows).put("cols", cols).put("n", n)
                    .put("ms_per_call", s * 1e3).put("weight_bytes", m.values().byteSize());
            if (n == 1) res.put("gbps", m.values().byteSize() / s / 1e9);
            else res.put("gflops", 2.0 * size * n / s / 1e9);
            return res;
        }
    }

    /**
     * A {@code rows x cols} weight matrix of seeded uniform values in [-0.02, 0.02) held off-heap in {@code arena}, as a
     * memory-mapped checkpoint holds it: {@code dtype} f32, f16 or bf16 stored as such ({@code layout} row, col, or
     * panels: row-major packed), or q8 / q4 quantized from a row-major f32 one (row by row, or in panels).
     */
    static Matrix randomMatrix(String dtype, String layout, int rows, int cols, SplittableRandom r, Arena arena) {
        long size = (long) rows * cols;
        boolean half = dtype.equals("bf16") || dtype.equals("f16");
        MemorySegment data = arena.allocate(size * (half ? 2 : 4), 64);
        for (long i = 0; i < size; i++) {
            float v = (float) (r.nextDouble() * 0.04 - 0.02);
            if (dtype.equals("bf16")) data.set(ValueLayout.JAVA_SHORT_UNALIGNED, 2 * i, (short) (Float.floatToRawIntBits(v) >>> 16));
            else if (dtype.equals("f16")) data.set(ValueLayout.JAVA_SHORT_UNALIGNED, 2 * i, Float.floatToFloat16(v));
            else data.set(ValueLayout.JAVA_FLOAT_UNALIGNED, 4 * i, v);
        }
        DType base = switch (dtype) {
            case "bf16" -> DType.BF16;
            case "f16" -> DType.F16;
            case "f32", "q8", "q4" -> DType.F32;
            default -> throw new IllegalArgumentException("--dtype is f32, f16, bf16, q8 or q4, not " + dtype);
        };
        Matrix m = new Matrix(Tensor.of(base, data, size), rows, cols,
                layout.equals("col") ? Matrix.Layout.COLUMN_MAJOR : Matrix.Layout.ROW_MAJOR);
        boolean panels = layout.equals("panels");
        return switch (dtype) {
            case "q8" -> panels ? m.quantize(DType.Q8_0, arena) : new Matrix(Q8Tensor.quantize(m, arena), rows, cols, Matrix.Layout.ROW_MAJOR);
            case "q4" -> panels ? m.quantize(DType.Q4_0, arena) : new Matrix(Q4Tensor.quantize(m, arena), rows, cols, Matrix.Layout.ROW_MAJOR);
            default -> panels ? m.toPanels(arena) : m;
        };
    }
}
