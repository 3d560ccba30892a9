package dev.hanlm.engine.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Linear layers, {@code out[t][j] = bias[j] + sum_k W[j][k] x[t][k]}, for any dtype and layout of W.
 * <p>
 * One token (decode) is a matrix-vector product, bound by memory bandwidth: the outputs of W are split across the
 * {@link Parallel} pool and each thread streams its part once, a row-major W as dot products, a column-major one
 * through register tiles ({@link MatVecs}), one packed in panels through the tiles of {@link PanelProducts}. Several
 * tokens (prefill) are a matrix-matrix product on {@link Gemm}'s blocked driver, which packs the activations; here the
 * weights are decoded slice by slice into f32 panels (the only place a weight's dtype and layout matter). Each output
 * sums its inputs in one fixed order, so results do not depend on the thread count.
 */
public final class MatMul {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final int NR = Gemm.NR;
    private static final int KC = Gemm.KC;

    private MatMul() {}

    /** A linear layer over n rows: one sequence's tokens, or one row of each of n sequences (a batched decode step). */
    public enum Linear {
        /** {@link #matmul} and {@link #matmulAll}. */
        TOKENS,
        /** {@link #matvecs} and {@link #matvecsAll}. */
        ROWS;

        public void apply(float[] out, float[] x, int n, Matrix w, float[] bias) {
            if (this == TOKENS) matmul(out, x, n, w, bias); else matvecs(out, x, n, w, bias);
        }

        /** {@code outs[i] = ws[i] x} with no bias, for matrices that take the same x. */
        public void applyAll(float[] x, int n, float[][] outs, Matrix... ws) {
            if (this == TOKENS) matmulAll(x, n, outs, ws); else matvecsAll(x, n, outs, ws);
        }
    }

    /**
     * {@code out[t * w.rows() + j] = bias[j] + sum_k W[j][k] * x[t * w.cols() + k]} for {@code t < n}.
     *
     * @param bias null for none
     */
    public static void matmul(float[] out, float[] x, int n, Matrix w, float[] bias) {
        if (n == 1) {
            matvec(out, x, w, bias);
        } else {
            gemm(out, BlockInputs.of(x, n, w), n, w, bias);
        }
    }

    /** {@link #matmul} of each of {@code ws} (no bias) with the same x: {@link #matvecsAll} for one row. */
    public static void matmulAll(float[] x, int n, float[][] outs, Matrix... ws) {
        if (n == 1) {
            matvecsAll(x, 1, outs, ws);
            return;
        }
        // the matrices share x: Q4's rounding of it is made once for all of them
        float[] rounded = null;
        for (int i = 0; i < ws.length; i++) {
            boolean q4 = ws[i].values().dtype() == DType.Q4_0;
            if (q4 && rounded == null) rounded = BlockInputs.of(x, n, ws[i]);
            gemm(outs[i], q4 ? rounded : x, n, ws[i], null);
        }
    }

    /**
     * {@link #matvecs} of each of {@code ws} (no bias) with the same x. Matrices in panels share one call to the pool
     * ({@link PanelProducts#multiplyAll}): a decode step's q, k and v then wait for the pool's last chunk once.
     */
    public static void matvecsAll(float[] x, int n, float[][] outs, Matrix... ws) {
        if (Arrays.stream(ws).allMatch(w -> w.layout() == Matrix.Layout.PANELS)) {
            PanelProducts.multiplyAll(x, n, outs, ws, new float[ws.length][]);
        } else {
            for (int i = 0; i < ws.length; i++) matvecs(outs[i], x, n, ws[i], null);
        }
    }

    /** {@code out[j] = bias[j] + sum_k W[j][k] * x[k]}. */
    public static void matvec(float[] out, float[] x, Matrix w, float[] bias) {
        matvecs(out, x, 1, w, bias);
    }

    /**
     * {@link #matmul} for a few rows that belong to different sequences (a batched decode step): each row gets exactly
     * what {@link #matvec} gives it alone (the same sums in the same order), while W is read from memory once for all
     * of them; a column-major W is also decoded once.
     */
    public static void matvecs(float[] out, float[] x, int n, Matrix w, float[] bias) {
        Tensor values = w.values();
        int rows = w.rows(), cols = w.cols();
        float[] inputs = w.layout() == Matrix.Layout.ROW_MAJOR ? BlockInputs.of(x, n, w) : x;
        switch (w.layout()) {
            // a row of W is read (and decoded) once while every input takes its dot product with it
            case ROW_MAJOR -> Parallel.forRange(rows, (from, to) -> {
                float[] row = n > 1 ? new float[cols] : null;
                for (int j = from; j < to; j++) {
                    values.dots((long) j * cols, cols, inputs, n, out, j, rows, row);
                    if (bias != null) for (int t = 0; t < n; t++) out[t * rows + j] += bias[j];
                }
            });
            case COLUMN_MAJOR -> MatVecs.columnMajor(out, x, n, w, bias);
            case PANELS -> PanelProducts.multiply(out, x, n, w, bias);
        }
    }

    /** {@link #matmul} on Gemm, x already as W takes it ({@link BlockInputs#of}). */
    private static void gemm(float[] out, float[] x, int n, Matrix w, float[] bias) {
        int rows = w.rows(), cols = w.cols();
        Gemm.run(n, rows, cols, false, x, 0, cols, (j0, nc, k0, kc, packed, offset, scratch) ->
                packWeights(w, j0, nc, k0, kc, packed, offset, scratch), out, 0, rows, false);
        if (bias != null) Parallel.forRange(n, (from, to) -> {
            for (int t = from; t < to; t++) Vectors.add(bias, 0, out, t * rows, rows);
        });
    }

    /**
     * Decodes W[j0 .. j0 + nc)[k0 .. k0 + kc) into panels of NR outputs, laid out as {@link Gemm} packs B: panel
     * {@code p} at {@code offset + p * NR * kc} holds W[j0 + p * NR + c][k0 + k] at {@code + k * NR + c}; outputs past nc are 0.
     */
    private static void packWeights(Matrix w, int j0, int nc, int k0, int kc, float[] packed, int offset, float[] scratch) {
        Tensor values = w.values();
        int panels = Math.ceilDiv(nc, NR);
        if (w.layout() == Matrix.Layout.PANELS) {
            // stored as packed: j0 starts a panel, and a panel's inputs k0 .. k0 + kc are contiguous
            for (int p = 0; p < panels; p++) values.toFloats(((long) (j0 / NR + p) * w.cols() + k0) * NR, packed, offset + p * NR * kc, kc * NR);
        } else if (w.layout() == Matrix.Layout.ROW_MAJOR) {
            // decode NR rows into scratch (row c at c * KC), then transpose them into the panel
            for (int p = 0; p < panels; p++) {
                int valid = Math.min(NR, nc - p * NR);
                for (int c = 0; c < valid; c++) values.toFloats((long) (j0 + p * NR + c) * w.cols() + k0, scratch, c * KC, kc);
                Arrays.fill(scratch, valid * KC, NR * KC, 0f);
                Transpose.rows(scratch, 0, KC, NR, kc, packed, offset + p * NR * kc);
            }
        } else {
            for (int k = 0; k < kc; k++) {
                values.toFloats((long) (k0 + k) * w.rows() + j0, scratch, 0, nc);
                for (int p = 0; p < panels; p++) {
                    int dst = offset + p * NR * kc + k * NR, valid = Math.min(NR, nc - p * NR);
                    System.arraycopy(scratch, p * NR, packed, dst, valid);
                    Arrays.fill(packed, dst + valid, dst + NR, 0f);
                }
            }
        }
    }
}
