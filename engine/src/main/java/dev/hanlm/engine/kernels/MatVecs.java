package dev.hanlm.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix-vector products of one weight matrix with one input (a decode step) or a few inputs that belong to different
 * sequences (a batched decode step, {@link MatMul#matvecs}): W is read and decoded once for all of them, and each
 * output is summed exactly as the lone product sums it, so batching never changes a result.
 * <p>
 * A lone product with a column-major W keeps 8 vectors of outputs in registers while it adds
 * {@code x[k] * W[k][j]} for every k in order, decoding W straight from its tensor.
 * A column-major W (GPT-2's Conv1D) is decoded a slice of inputs at a time into a float panel; register tiles of
 * 2 vectors of outputs by 4 inputs then add {@code x[t][k] * W[k][j]} for k in order, the lone product's order.
 * A row-major W is decoded a row at a time and each input takes its dot product with the row as
 * {@link Tensor#dot} takes it.
 */
final class MatVecs {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Outputs per register tile (and per work item) of the batched product. */
    private static final int JB = 2 * L;
    /** Outputs per register tile (and per work item) of the lone product. */
    private static final int JW = 8 * L;
    /** Floats of decoded weights per panel: well inside L2, so a panel is decoded once and read by every tile. */
    private static final int PANEL = 16 * 1024;
    private static final ThreadLocal<float[]> PANELS = ThreadLocal.withInitial(() -> new float[PANEL]);

    private MatVecs() {}

    /** {@code out[j] = bias[j] + sum_k W[k][j] x[k]}, W column-major. */
    static void columnMajorOne(float[] out, float[] x, Matrix w, float[] bias) {
        Tensor values = w.values();
        int rows = w.rows(), cols = w.cols();
        Parallel.forRange(Math.ceilDiv(rows, JW), (from, to) -> {
            for (int item = from; item < to; item++) {
                int j0 = item * JW, width = Math.min(JW, rows - j0);
                if (width == JW) tile8(values, rows, cols, x, j0, out);
                else ragged(values, rows, cols, x, j0, width, out);
                for (int j = j0; j < j0 + width; j++) out[j] = out[j] + (bias == null ? 0f : bias[j]);
            }
        });
    }

    /** out[j0 .. j0 + JW) = sum over k of x[k] * W[k][j0 ..], k in order. */
    private static void tile8(Tensor w, int rows, int cols, float[] x, int j0, float[] out) {
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        long at = j0;
        for (int k = 0; k < cols; k++, at += rows) {
            FloatVector b = FloatVector.broadcast(F, x[k]);
            s0 = b.fma(w.vector(at), s0);
            s1 = b.fma(w.vector(at + L), s1);
            s2 = b.fma(w.vector(at + 2 * L), s2);
            s3 = b.fma(w.vector(at + 3 * L), s3);
            s4 = b.fma(w.vector(at + 4 * L), s4);
            s5 = b.fma(w.vector(at + 5 * L), s5);
            s6 = b.fma(w.vector(at + 6 * L), s6);
            s7 = b.fma(w.vector(at + 7 * L), s7);
        }
        s0.intoArray(out, j0);
        s1.intoArray(out, j0 + L);
        s2.intoArray(out, j0 + 2 * L);
        s3.intoArray(out, j0 + 3 * L);
        s4.intoArray(out, j0 + 4 * L);
        s5.intoArray(out, j0 + 5 * L);
        s6.intoArray(out, j0 + 6 * L);
        s7.intoArray(out, j0 + 7 * L);
    }

    /** {@link #tile8} for the last, narrower block of outputs: a vector at a time, then one output at a time. */
    private static void ragged(Tensor w, int rows, int cols, float[] x, int j0, int width, float[] out) {
        int j = j0, end = j0 + width;
        for (; j + L <= end; j += L) {
            FloatVector s = FloatVector.zero(F);
            long at = j;
            for (int k = 0; k < cols; k++, at += rows) s = FloatVector.broadcast(F, x[k]).fma(w.vector(at), s);
            s.intoArray(out, j);
        }
        for (; j < end; j++) {
            float s = 0f;
            for (int k = 0; k < cols; k++) s = Math.fma(x[k], w.get((long) k * rows + j), s);
            out[j] = s;
        }
    }

    /** {@code out[t * rows + j] = bias[j] + sum_k W[k][j] x[t * cols + k]}, W column-major. */
    static void columnMajor(float[] out, float[] x, int n, Matrix w, float[] bias) {
        Tensor values = w.values();
        int rows = w.rows(), cols = w.cols();
        // 2 or 3 inputs past the last 4 run as a tile of 4 with zero inputs added: one tile alone is latency-bound
        int m = n % 4 >= 2 ? n + 4 - n % 4 : n;
        float[] inputs = m == n ? x : java.util.Arrays.copyOf(x, m * cols);
        Parallel.forRange(Math.ceilDiv(rows, JB), (from, to) -> {
            int j0 = from * JB, band = Math.min(rows, to * JB) - j0;
            int slice = Math.clamp(PANEL / band, 4, cols);
            float[] panel = panel(slice * band);
            float[] acc = new float[m * band];
            for (int k0 = 0; k0 < cols; k0 += slice) {
                int kc = Math.min(slice, cols - k0);
                for (int k = 0; k < kc; k++) values.toFloats((long) (k0 + k) * rows + j0, panel, k * band, band);
                int j = 0;
                for (; j + JB <= band; j += JB) {
                    int t = 0;
                    for (; t + 4 <= m; t += 4) tile4(panel, band, j, kc, inputs, t * cols + k0, cols, acc, t * band + j);
                    for (; t < m; t++) tile1(panel, band, j, kc, inputs, t * cols + k0, acc, t * band + j);
                }
                for (; j < band; j++) {
                    for (int t = 0; t < n; t++) {
                        float a = acc[t * band + j];
                        for (int k = 0; k < kc; k++) a = Math.fma(x[t * cols + k0 + k], panel[k * band + j], a);
                        acc[t * band + j] = a;
                    }
                }
            }
            for (int t = 0; t < n; t++) {
                for (int j = 0; j < band; j++) out[t * rows + j0 + j] = acc[t * band + j] + (bias == null ? 0f : bias[j0 + j]);
            }
        });
    }

    private static float[] panel(int size) {
        float[] panel = PANELS.get();
        if (panel.length < size) {
            panel = new float[size];
            PANELS.set(panel);
        }
        return panel;
    }

    /** acc[t][j .. j + JB) += sum over k < kc of x[t][k] * panel[k][j ..], for 4 inputs t (x at xo + t * cols). */
    private static void tile4(float[] panel, int band, int j, int kc, float[] x, int xo, int cols, float[] acc, int ao) {
        FloatVector a00 = FloatVector.fromArray(F, acc, ao), a01 = FloatVector.fromArray(F, acc, ao + L);
        FloatVector a10 = FloatVector.fromArray(F, acc, ao + band), a11 = FloatVector.fromArray(F, acc, ao + band + L);
        FloatVector a20 = FloatVector.fromArray(F, acc, ao + 2 * band), a21 = FloatVector.fromArray(F, acc, ao + 2 * band + L);
        FloatVector a30 = FloatVector.fromArray(F, acc, ao + 3 * band), a31 = FloatVector.fromArray(F, acc, ao + 3 * band + L);
        for (int k = 0, p = j; k < kc; k++, p += band) {
            FloatVector w0 = FloatVector.fromArray(F, panel, p), w1 = FloatVector.fromArray(F, panel, p + L);
            FloatVector b = FloatVector.broadcast(F, x[xo + k]);
            a00 = b.fma(w0, a00);
            a01 = b.fma(w1, a01);
            b = FloatVector.broadcast(F, x[xo + cols + k]);
            a10 = b.fma(w0, a10);
            a11 = b.fma(w1, a11);
            b = FloatVector.broadcast(F, x[xo + 2 * cols + k]);
            a20 = b.fma(w0, a20);
            a21 = b.fma(w1, a21);
            b = FloatVector.broadcast(F, x[xo + 3 * cols + k]);
            a30 = b.fma(w0, a30);
            a31 = b.fma(w1, a31);
        }
        a00.intoArray(acc, ao);
        a01.intoArray(acc, ao + L);
        a10.intoArray(acc, ao + band);
        a11.intoArray(acc, ao + band + L);
        a20.intoArray(acc, ao + 2 * band);
        a21.intoArray(acc, ao + 2 * band + L);
        a30.intoArray(acc, ao + 3 * band);
        a31.intoArray(acc, ao + 3 * band + L);
    }

    /** {@link #tile4} for one input. */
    private static void tile1(float[] panel, int band, int j, int kc, float[] x, int xo, float[] acc, int ao) {
        FloatVector a0 = FloatVector.fromArray(F, acc, ao), a1 = FloatVector.fromArray(F, acc, ao + L);
        for (int k = 0, p = j; k < kc; k++, p += band) {
            FloatVector b = FloatVector.broadcast(F, x[xo + k]);
            a0 = b.fma(FloatVector.fromArray(F, panel, p), a0);
            a1 = b.fma(FloatVector.fromArray(F, panel, p + L), a1);
        }
        a0.intoArray(acc, ao);
        a1.intoArray(acc, ao + L);
    }
}
