package dev.hanlm.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix-vector products with a column-major W (GPT-2's Conv1D layout), for one input (a decode step) or a few inputs
 * that belong to different sequences (a batched decode step, {@link MatMul#matvecs}): W is read and decoded once for
 * all of them, and each output is summed exactly as the lone product sums it, so batching never changes a result.
 * <p>
 * W is decoded a slice of inputs at a time into a float panel (contiguous reads, which memory streams best); register
 * tiles of 2 vectors of outputs by 4 inputs, and 8 vectors by one input for the inputs past the last 4 (or a lone
 * one), then add {@code x[t][k] * W[k][j]} for k in order. (A row-major W needs no panel: {@link Tensor#dots}.)
 */
final class MatVecs {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Outputs per work item, and per register tile of several inputs. */
    private static final int JB = 2 * L;
    /** Outputs per register tile of one input. */
    private static final int JW = 8 * L;
    /** Floats of decoded weights per panel: well inside L2, so a panel is decoded once and read by every tile. */
    private static final int PANEL = 16 * 1024;
    private static final ThreadLocal<float[]> PANELS = ThreadLocal.withInitial(() -> new float[PANEL]);

    private MatVecs() {}

    /** {@code out[t * rows + j] = bias[j] + sum_k W[k][j] x[t * cols + k]}, W column-major. */
    static void columnMajor(float[] out, float[] x, int n, Matrix w, float[] bias) {
        Tensor values = w.values();
        int rows = w.rows(), cols = w.cols();
        Parallel.forRange(Math.ceilDiv(rows, JB), (from, to) -> {
            int j0 = from * JB, band = Math.min(rows, to * JB) - j0;
            int slice = Math.min(cols, Math.max(4, PANEL / band));
            float[] panel = panel(slice * band);
            float[] acc = new float[n * band];
            for (int k0 = 0; k0 < cols; k0 += slice) {
                int kc = Math.min(slice, cols - k0);
                for (int k = 0; k < kc; k++) values.toFloats((long) (k0 + k) * rows + j0, panel, k * band, band);
                int t = 0;
                for (; t + 4 <= n; t += 4) {
                    for (int j = 0; j + JB <= band; j += JB) tile4(panel, j, band, kc, x, t * cols + k0, cols, acc, t * band + j, band);
                }
                // the 1 to 3 inputs past the last 4 each take the 8-vector tile of a lone input, and no extra work
                for (; t < n; t++) {
                    int j = 0;
                    for (; j + JW <= band; j += JW) tile8(panel, band, j, kc, x, t * cols + k0, acc, t * band + j);
                    for (; j + JB <= band; j += JB) tile1(panel, j, band, kc, x, t * cols + k0, acc, t * band + j);
                }
                for (int j = band - band % JB; j < band; j++) {
                    for (t = 0; t < n; t++) {
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

    /**
     * acc[t][..2 vectors] += sum over k < kc of x[t][k] * w[k][..], for 4 inputs t (x at xo + t * cols, acc rows
     * accStride apart from ao), w's rows wStride apart from wo: the tile of several inputs, here and in
     * {@link PanelProducts}.
     */
    static void tile4(float[] w, int wo, int wStride, int kc, float[] x, int xo, int cols, float[] acc, int ao, int accStride) {
        int a1 = ao + accStride, a2 = a1 + accStride, a3 = a2 + accStride;
        FloatVector s00 = FloatVector.fromArray(F, acc, ao), s01 = FloatVector.fromArray(F, acc, ao + L);
        FloatVector s10 = FloatVector.fromArray(F, acc, a1), s11 = FloatVector.fromArray(F, acc, a1 + L);
        FloatVector s20 = FloatVector.fromArray(F, acc, a2), s21 = FloatVector.fromArray(F, acc, a2 + L);
        FloatVector s30 = FloatVector.fromArray(F, acc, a3), s31 = FloatVector.fromArray(F, acc, a3 + L);
        for (int k = 0, p = wo; k < kc; k++, p += wStride) {
            FloatVector w0 = FloatVector.fromArray(F, w, p), w1 = FloatVector.fromArray(F, w, p + L);
            FloatVector b = FloatVector.broadcast(F, x[xo + k]);
            s00 = b.fma(w0, s00);
            s01 = b.fma(w1, s01);
            b = FloatVector.broadcast(F, x[xo + cols + k]);
            s10 = b.fma(w0, s10);
            s11 = b.fma(w1, s11);
            b = FloatVector.broadcast(F, x[xo + 2 * cols + k]);
            s20 = b.fma(w0, s20);
            s21 = b.fma(w1, s21);
            b = FloatVector.broadcast(F, x[xo + 3 * cols + k]);
            s30 = b.fma(w0, s30);
            s31 = b.fma(w1, s31);
        }
        s00.intoArray(acc, ao);
        s01.intoArray(acc, ao + L);
        s10.intoArray(acc, a1);
        s11.intoArray(acc, a1 + L);
        s20.intoArray(acc, a2);
        s21.intoArray(acc, a2 + L);
        s30.intoArray(acc, a3);
        s31.intoArray(acc, a3 + L);
    }

    /** {@link #tile4} for one input. */
    static void tile1(float[] w, int wo, int wStride, int kc, float[] x, int xo, float[] acc, int ao) {
        FloatVector a0 = FloatVector.fromArray(F, acc, ao), a1 = FloatVector.fromArray(F, acc, ao + L);
        for (int k = 0, p = wo; k < kc; k++, p += wStride) {
            FloatVector b = FloatVector.broadcast(F, x[xo + k]);
            a0 = b.fma(FloatVector.fromArray(F, w, p), a0);
            a1 = b.fma(FloatVector.fromArray(F, w, p + L), a1);
        }
        a0.intoArray(acc, ao);
        a1.intoArray(acc, ao + L);
    }

    /** acc[j .. j + JW) += sum over k < kc of x[xo + k] * panel[k][j ..], for one input: 8 sums in flight. */
    private static void tile8(float[] panel, int band, int j, int kc, float[] x, int xo, float[] acc, int ao) {
        FloatVector s0 = FloatVector.fromArray(F, acc, ao), s1 = FloatVector.fromArray(F, acc, ao + L);
        FloatVector s2 = FloatVector.fromArray(F, acc, ao + 2 * L), s3 = FloatVector.fromArray(F, acc, ao + 3 * L);
        FloatVector s4 = FloatVector.fromArray(F, acc, ao + 4 * L), s5 = FloatVector.fromArray(F, acc, ao + 5 * L);
        FloatVector s6 = FloatVector.fromArray(F, acc, ao + 6 * L), s7 = FloatVector.fromArray(F, acc, ao + 7 * L);
        for (int k = 0, p = j; k < kc; k++, p += band) {
            FloatVector b = FloatVector.broadcast(F, x[xo + k]);
            s0 = b.fma(FloatVector.fromArray(F, panel, p), s0);
            s1 = b.fma(FloatVector.fromArray(F, panel, p + L), s1);
            s2 = b.fma(FloatVector.fromArray(F, panel, p + 2 * L), s2);
            s3 = b.fma(FloatVector.fromArray(F, panel, p + 3 * L), s3);
            s4 = b.fma(FloatVector.fromArray(F, panel, p + 4 * L), s4);
            s5 = b.fma(FloatVector.fromArray(F, panel, p + 5 * L), s5);
            s6 = b.fma(FloatVector.fromArray(F, panel, p + 6 * L), s6);
            s7 = b.fma(FloatVector.fromArray(F, panel, p + 7 * L), s7);
        }
        s0.intoArray(acc, ao);
        s1.intoArray(acc, ao + L);
        s2.intoArray(acc, ao + 2 * L);
        s3.intoArray(acc, ao + 3 * L);
        s4.intoArray(acc, ao + 4 * L);
        s5.intoArray(acc, ao + 5 * L);
        s6.intoArray(acc, ao + 6 * L);
        s7.intoArray(acc, ao + 7 * L);
    }
}
