package dev.hanlm.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Linear layers, {@code out[t][j] = bias[j] + sum_k W[j][k] x[t][k]}, for any dtype and layout of W.
 * <p>
 * One token (decode) is a matrix-vector product, bound by memory bandwidth: the rows of W are split across the
 * {@link Parallel} pool and each dot product streams its row once. Several tokens (prefill) are a matrix-matrix
 * product blocked as in BLIS/GotoBLAS: the activations are packed once into panels of {@link #MR} rows, each thread
 * takes a range of output columns and, per slice of {@link #KC} inputs, decodes the weights into f32 panels of
 * {@link #NR} columns (the only place a weight's dtype and layout matter); an MR x NR register-blocked kernel then
 * runs out of L1. Each output sums its inputs in one fixed order, so results do not depend on the thread count.
 */
public final class MatMul {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Rows (tokens) of the register tile. */
    static final int MR = 6;
    /** Columns (outputs) of the register tile: two vectors. 6 x 2 accumulators + 3 operands fit 16 AVX2 registers. */
    static final int NR = 2 * L;
    /** Inputs per packed slice: an NR x KC weight panel (16 KiB with AVX2) stays in L1. */
    static final int KC = 256;
    /** Tokens per pass over a weight panel: an MC x KC activation block stays in L2. */
    static final int MC = 16 * MR;
    /** Outputs per thread work item: the activations are read once per item, so fewer, wider items are faster. */
    static final int NC = 8 * NR;

    private static final ThreadLocal<float[]> PACKED_X = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> PACKED_W = ThreadLocal.withInitial(() -> new float[NC * KC]);
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[Math.max(NR * KC, NC)]);

    private MatMul() {}

    /**
     * {@code out[t * w.rows() + j] = bias[j] + sum_k W[j][k] * x[t * w.cols() + k]} for {@code t < n}.
     *
     * @param bias null for none
     */
    public static void matmul(float[] out, float[] x, int n, Matrix w, float[] bias) {
        if (n == 1) {
            matvec(out, x, w, bias);
        } else {
            gemm(out, x, n, w, bias);
        }
    }

    /** {@code out[j] = bias[j] + sum_k W[j][k] * x[k]}. */
    public static void matvec(float[] out, float[] x, Matrix w, float[] bias) {
        Tensor values = w.values();
        int rows = w.rows(), cols = w.cols();
        if (w.layout() == Matrix.Layout.ROW_MAJOR) {
            Parallel.forRange(rows, (from, to) -> {
                for (int j = from; j < to; j++) {
                    out[j] = values.dot((long) j * cols, x, 0, cols) + (bias == null ? 0f : bias[j]);
                }
            });
        } else {
            // one input's weights are contiguous: each thread owns a band of outputs and adds x[k] * W[k][band] for
            // all k, four inputs per pass over its accumulators
            Parallel.forRange(Math.ceilDiv(rows, L), (from, to) -> {
                int j0 = from * L, band = Math.min(rows, to * L) - j0;
                float[] weights = new float[4 * band];
                float[] acc = new float[band];
                int k = 0;
                for (; k + 4 <= cols; k += 4) {
                    for (int r = 0; r < 4; r++) values.toFloats((long) (k + r) * rows + j0, weights, r * band, band);
                    Vectors.axpy4(x, k, weights, band, acc);
                }
                for (; k < cols; k++) {
                    values.toFloats((long) k * rows + j0, weights, 0, band);
                    Vectors.axpy(x[k], weights, 0, acc, 0, band);
                }
                for (int j = 0; j < band; j++) out[j0 + j] = acc[j] + (bias == null ? 0f : bias[j0 + j]);
            });
        }
    }

    private static void gemm(float[] out, float[] x, int n, Matrix w, float[] bias) {
        int rows = w.rows(), cols = w.cols();
        int paddedN = Math.ceilDiv(n, MR) * MR;
        float[] a = PACKED_X.get();
        if (a.length < paddedN * cols) {
            a = new float[paddedN * cols];
            PACKED_X.set(a);
        }
        float[] packedX = a;
        packActivations(x, n, cols, packedX);
        Parallel.forRange(Math.ceilDiv(rows, NC), (from, to) -> {
            float[] packedW = PACKED_W.get();
            float[] scratch = SCRATCH.get();
            float[] tile = new float[MR * NR];
            for (int item = from; item < to; item++) {
                int j0 = item * NC, nc = Math.min(NC, rows - j0);
                for (int k0 = 0; k0 < cols; k0 += KC) {
                    int kc = Math.min(KC, cols - k0);
                    packWeights(w, j0, nc, k0, kc, packedW, scratch);
                    for (int t0 = 0; t0 < paddedN; t0 += MC) {
                        int t1 = Math.min(paddedN, t0 + MC);
                        for (int jr = 0; jr < nc; jr += NR) {
                            for (int ir = t0; ir < t1; ir += MR) {
                                kernel(kc, packedX, k0 * paddedN + ir * kc, packedW, jr * kc, tile);
                                store(tile, out, ir, n, j0 + jr, Math.min(NR, nc - jr), rows, k0 > 0);
                            }
                        }
                    }
                }
                if (bias != null) {
                    for (int t = 0; t < n; t++) Vectors.add(bias, j0, out, t * rows + j0, nc);
                }
            }
        });
    }

    /**
     * Lays x out per KC slice and per MR rows: slice {@code k0} starts at {@code k0 * paddedN}, its panel of rows
     * {@code [r0, r0 + MR)} at {@code + r0 * kc}, holding x[r0 + r][k0 + k] at {@code + k * MR + r}; rows past n are 0.
     */
    private static void packActivations(float[] x, int n, int cols, float[] packed) {
        int paddedN = Math.ceilDiv(n, MR) * MR;
        Parallel.forRange(paddedN / MR, (from, to) -> {
            for (int k0 = 0; k0 < cols; k0 += KC) {
                int kc = Math.min(KC, cols - k0);
                for (int panel = from; panel < to; panel++) {
                    int base = k0 * paddedN + panel * MR * kc;
                    for (int r = 0; r < MR; r++) {
                        int t = panel * MR + r;
                        if (t < n) {
                            for (int k = 0, src = t * cols + k0; k < kc; k++) packed[base + k * MR + r] = x[src + k];
                        } else {
                            for (int k = 0; k < kc; k++) packed[base + k * MR + r] = 0f;
                        }
                    }
                }
            }
        });
    }

    /**
     * Decodes W[j0 .. j0 + nc)[k0 .. k0 + kc) into panels of NR outputs: panel {@code p} at {@code p * NR * kc} holds
     * W[j0 + p * NR + c][k0 + k] at {@code + k * NR + c}; outputs past nc are 0.
     */
    private static void packWeights(Matrix w, int j0, int nc, int k0, int kc, float[] packed, float[] scratch) {
        Tensor values = w.values();
        int panels = Math.ceilDiv(nc, NR);
        if (w.layout() == Matrix.Layout.ROW_MAJOR) {
            // decode NR rows into scratch (row c at c * KC), then transpose them into the panel
            for (int p = 0; p < panels; p++) {
                int valid = Math.min(NR, nc - p * NR);
                for (int c = 0; c < valid; c++) values.toFloats((long) (j0 + p * NR + c) * w.cols() + k0, scratch, c * KC, kc);
                java.util.Arrays.fill(scratch, valid * KC, NR * KC, 0f);
                Transpose.rows(scratch, KC, NR, kc, packed, p * NR * kc);
            }
        } else {
            for (int k = 0; k < kc; k++) {
                values.toFloats((long) (k0 + k) * w.rows() + j0, scratch, 0, nc);
                for (int p = 0; p < panels; p++) {
                    int dst = p * NR * kc + k * NR, valid = Math.min(NR, nc - p * NR);
                    System.arraycopy(scratch, p * NR, packed, dst, valid);
                    java.util.Arrays.fill(packed, dst + valid, dst + NR, 0f);
                }
            }
        }
    }

    /** tile[r][c] = sum_k a[k][r] * b[k][c] over one packed MR-row panel and one packed NR-column panel. */
    private static void kernel(int kc, float[] a, int aOffset, float[] b, int bOffset, float[] tile) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        // pointers that advance per step rather than offsets computed from k: measured twice as fast under C2
        for (int bi = bOffset, ai = aOffset, end = bOffset + kc * NR; bi < end; bi += NR, ai += MR) {
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + L);
            FloatVector x = FloatVector.broadcast(F, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(F, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(F, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
    }

    /** Writes (or, after the first KC slice, adds) the valid part of a tile at out[t0..][j0..]. */
    private static void store(float[] tile, float[] out, int t0, int n, int j0, int width, int rows, boolean add) {
        int height = Math.min(MR, n - t0);
        for (int r = 0; r < height; r++) {
            int o = (t0 + r) * rows + j0;
            if (add) {
                Vectors.add(tile, r * NR, out, o, width);
            } else {
                System.arraycopy(tile, r * NR, out, o, width);
            }
        }
    }
}
