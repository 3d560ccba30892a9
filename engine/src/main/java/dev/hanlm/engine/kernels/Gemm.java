package dev.hanlm.engine.kernels;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The blocked matrix product {@code C = op(A) op(B)} (or {@code C += ...}) on float arrays, as in BLIS/GotoBLAS,
 * and the driver that {@link MatMul} shares for weights of any dtype.
 * <p>
 * Blocks of up to {@link #MB} rows and {@link #KB} columns of A are packed at a time into panels of {@link #MR} rows
 * per {@link #KC} slice (the packed copy stays bounded when A is a vocabulary-sized gradient). Work items are blocks
 * of {@link #NC} columns times a run of rows, handed out one by one to the threads of the {@link Parallel} pool; an
 * item packs its slice of B into panels of {@link #NR} columns (the only place B's dtype and layout matter), or reads
 * them from one packing of B that the pool made first for all the runs of rows, and an MR x NR register-blocked kernel
 * runs out of L1. Every element of C adds its products to its value one by one, in the order
 * of the inner dimension, so results do not depend on the thread count or on how the work was cut.
 */
public final class Gemm {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Rows of the register tile. */
    static final int MR = 6;
    /** Columns of the register tile: two vectors. 6 x 2 accumulators + 3 operands fit 16 AVX2 registers. */
    static final int NR = 2 * L;
    /** Inner-dimension slice: an NR x KC panel of B (16 KiB with AVX2) stays in L1. */
    static final int KC = 256;
    /** Rows per pass over a B panel: an MC x KC block of A stays in L2. */
    static final int MC = 16 * MR;
    /** Columns per work item: an item's A rows are read once per item, so fewer, wider items are faster. */
    static final int NC = 8 * NR;
    /** Values of a packed A panel that a vector written at one value's place reaches past it. */
    private static final int SPILL = Math.ceilDiv(Math.max(0, L - MR), MR);
    /** Rows of A packed at once: each such block packs B again, so it is large. */
    static final int MB = 32 * MC;
    /** Inner-dimension values of A packed at once: with MB, bounds the packed copy of A (to 24 MiB). */
    static final int KB = 8 * KC;

    private static final ThreadLocal<float[]> PACKED_A = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> PACKED_B = ThreadLocal.withInitial(() -> new float[NC * KC]);
    /**
     * Floats of B packed once for all the items of a block (2 MiB): beyond it, the shared copy is read back from
     * further than L2, and packing per item, each item reading its slice while it is fresh, is faster.
     */
    private static final int SHARED_B = 1 << 19;
    private static final ThreadLocal<float[]> SHARED_PACKED_B = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[Math.max(NR * KC, NC)]);

    /**
     * Packs B[k0 .. k0 + kc)[j0 .. j0 + nc) as {@link #packB} lays it out, starting at {@code packed[offset]};
     * scratch holds NR x KC floats.
     */
    @FunctionalInterface
    interface PanelPacker {
        void pack(int j0, int nc, int k0, int kc, float[] packed, int offset, float[] scratch);
    }

    private Gemm() {}

    /**
     * {@code C = op(A) op(B)}, or {@code C += op(A) op(B)} when {@code accumulate}, with op(A) {@code m x k} and op(B)
     * {@code k x n}, all row-major: A[i][p] is {@code a[aOffset + i * lda + p]}, or {@code a[aOffset + p * lda + i]}
     * when {@code transA}; likewise B; C[i][j] is {@code c[cOffset + i * ldc + j]}.
     */
    public static void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOffset, int lda,
                                float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc, boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("negative size " + m + "x" + n + "x" + k);
        run(m, n, k, transA, a, aOffset, lda, (j0, nc, k0, kc, packed, offset, scratch) ->
                packB(transB, b, bOffset, ldb, j0, nc, k0, kc, packed, offset, scratch), c, cOffset, ldc, accumulate);
    }

    /** The driver: A from a float array, B from {@code packer}. */
    static void run(int m, int n, int k, boolean transA, float[] a, int aOffset, int lda, PanelPacker packer,
                    float[] c, int cOffset, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) Arrays.fill(c, cOffset + i * ldc, cOffset + i * ldc + n, 0f);
            return;
        }
        int colBlocks = Math.ceilDiv(n, NC), widthPadded = Math.ceilDiv(n, NR) * NR, threads = Parallel.threads();
        for (int i0 = 0; i0 < m; i0 += MB) {
            int mb = Math.min(MB, m - i0), padded = Math.ceilDiv(mb, MR) * MR, firstRow = i0;
            // split rows too until each thread has about four items to take
            int rowRuns = Math.clamp(Math.ceilDiv(4 * threads, colBlocks), 1, Math.ceilDiv(padded, MC));
            int runRows = Math.ceilDiv(Math.ceilDiv(padded, rowRuns), MR) * MR, runs = Math.ceilDiv(padded, runRows);
            for (int kb0 = 0; kb0 < k; kb0 += KB) {
                int kb = Math.min(KB, k - kb0), firstK = kb0;
                float[] packedA = buffer(PACKED_A, padded * kb);
                packA(transA, a, aOffset + (transA ? kb0 * lda + i0 : i0 * lda + kb0), lda, mb, kb, packedA);
                // with several runs of rows, B is packed once for all of them rather than once per run
                float[] sharedB = runs > 1 && (long) kb * widthPadded <= SHARED_B ? packShared(packer, n, widthPadded, firstK, kb) : null;
                // items are handed out one at a time rather than split in advance: a thread slowed by whatever else
                // the machine runs then leaves more of them to the other
                int items = colBlocks * runs;
                AtomicInteger next = new AtomicInteger();
                Parallel.forRange(Math.min(threads, items), (first, last) -> {
                    float[] ownB = PACKED_B.get(), scratch = SCRATCH.get(), tile = new float[MR * NR];
                    for (int item; (item = next.getAndIncrement()) < items; ) {
                        int j0 = item / runs * NC, nc = Math.min(NC, n - j0);
                        int r0 = item % runs * runRows, r1 = Math.min(padded, r0 + runRows);
                        for (int k0 = 0; k0 < kb; k0 += KC) {
                            int kc = Math.min(KC, kb - k0);
                            float[] packedB = sharedB;
                            int slice = k0 * widthPadded + j0 * kc;
                            if (sharedB == null) {
                                packer.pack(j0, nc, firstK + k0, kc, ownB, 0, scratch);
                                packedB = ownB;
                                slice = 0;
                            }
                            boolean add = accumulate || firstK + k0 > 0;
                            for (int t0 = r0; t0 < r1; t0 += MC) {
                                int t1 = Math.min(r1, t0 + MC);
                                for (int jr = 0; jr < nc; jr += NR) {
                                    int width = Math.min(NR, nc - jr);
                                    for (int ir = t0; ir < t1; ir += MR) {
                                        int height = Math.min(MR, mb - ir), at = cOffset + (firstRow + ir) * ldc + j0 + jr;
                                        int panel = k0 * padded + ir * kc;
                                        if (height == MR && width == NR) {
                                            kernel(kc, packedA, panel, packedB, slice + jr * kc, c, at, ldc, add);
                                        } else {
                                            // an edge tile goes through a full-size copy, with the same arithmetic
                                            if (add) for (int r = 0; r < height; r++) System.arraycopy(c, at + r * ldc, tile, r * NR, width);
                                            kernel(kc, packedA, panel, packedB, slice + jr * kc, tile, 0, NR, add);
                                            for (int r = 0; r < height; r++) System.arraycopy(tile, r * NR, c, at + r * ldc, width);
                                        }
                                    }
                                }
                            }
                        }
                    }
                });
            }
        }
    }

    /**
     * B[k0 .. k0 + kb) packed on the pool for every item to read (widthPadded: n rounded up to whole panels): slice
     * {@code s} (of KC inner values) at {@code s * KC * widthPadded}, its column block {@code j0} at {@code + j0 * kc},
     * laid out there as one item's own packing would be.
     */
    private static float[] packShared(PanelPacker packer, int n, int widthPadded, int k0, int kb) {
        int colBlocks = Math.ceilDiv(n, NC), slices = Math.ceilDiv(kb, KC);
        float[] packed = buffer(SHARED_PACKED_B, kb * widthPadded);
        Parallel.forRange(slices * colBlocks, (from, to) -> {
            float[] scratch = SCRATCH.get();
            for (int task = from; task < to; task++) {
                int s = task / colBlocks, j0 = task % colBlocks * NC, kc = Math.min(KC, kb - s * KC);
                packer.pack(j0, Math.min(NC, n - j0), k0 + s * KC, kc, packed, s * KC * widthPadded + j0 * kc, scratch);
            }
        });
        return packed;
    }

    /** This thread's buffer in {@code local}, grown to at least {@code size} floats. */
    private static float[] buffer(ThreadLocal<float[]> local, int size) {
        float[] buffer = local.get();
        if (buffer.length < size) {
            buffer = new float[size];
            local.set(buffer);
        }
        return buffer;
    }

    /**
     * Lays out {@code rows} rows of A per KC slice and per MR rows: slice {@code k0} starts at {@code k0 * padded},
     * its panel of rows {@code [r0, r0 + MR)} at {@code + r0 * kc}, holding A[r0 + r][k0 + p] at {@code + p * MR + r};
     * rows past {@code rows} are 0.
     */
    private static void packA(boolean trans, float[] a, int offset, int lda, int rows, int k, float[] packed) {
        int padded = Math.ceilDiv(rows, MR) * MR;
        Parallel.forRange(padded / MR, (from, to) -> {
            for (int k0 = 0; k0 < k; k0 += KC) {
                int kc = Math.min(KC, k - k0), slice = k0 * padded;
                if (trans) {
                    // A's rows are the columns of a: read each row of a once, contiguously, across the panels
                    for (int p = 0; p < kc; p++) {
                        int src = offset + (k0 + p) * lda;
                        // a whole vector per panel: its lanes past MR land on the slots of the panel's next values,
                        // which are written after it (so not for the last of the slice)
                        boolean spill = L >= MR && p + SPILL < kc;
                        for (int panel = from; panel < to; panel++) {
                            int dst = slice + panel * MR * kc + p * MR, at = src + panel * MR;
                            if (spill && panel * MR + L <= rows) {
                                FloatVector.fromArray(F, a, at).intoArray(packed, dst);
                            } else if (panel * MR + MR <= rows) {
                                packed[dst] = a[at];
                                packed[dst + 1] = a[at + 1];
                                packed[dst + 2] = a[at + 2];
                                packed[dst + 3] = a[at + 3];
                                packed[dst + 4] = a[at + 4];
                                packed[dst + 5] = a[at + 5];
                            } else {
                                for (int r = 0; r < MR; r++) packed[dst + r] = panel * MR + r < rows ? a[at + r] : 0f;
                            }
                        }
                    }
                    continue;
                }
                for (int panel = from; panel < to; panel++) {
                    int base = slice + panel * MR * kc, valid = Math.min(MR, rows - panel * MR);
                    int row = offset + panel * MR * lda + k0;
                    if (valid == MR) {
                        // eight values of the six rows at a time through registers, the panel written in order (each
                        // block's two lanes past its end land on the next block's place, so not for the last)
                        int p = 0;
                        if (Transpose.VECTOR) {
                            for (; p + 8 < kc; p += 8) Transpose.block8(a, row + p, lda, MR, packed, base + p * MR, MR);
                        }
                        for (int dst = base + p * MR; p < kc; p++, dst += MR) {
                            packed[dst] = a[row + p];
                            packed[dst + 1] = a[row + lda + p];
                            packed[dst + 2] = a[row + 2 * lda + p];
                            packed[dst + 3] = a[row + 3 * lda + p];
                            packed[dst + 4] = a[row + 4 * lda + p];
                            packed[dst + 5] = a[row + 5 * lda + p];
                        }
                        continue;
                    }
                    for (int p = 0, dst = base; p < kc; p++, dst += MR) {
                        for (int r = 0; r < MR; r++) packed[dst + r] = r < valid ? a[row + r * lda + p] : 0f;
                    }
                }
            }
        });
    }

    /**
     * The first {@code rows} rows (a multiple of MR) of {@code x}, {@code cols} long, as {@link #kernel} reads A: block
     * {@code b} of MR rows at {@code b * MR * cols} holds x[b * MR + r][k] at {@code + k * MR + r}.
     */
    static float[] packRows(float[] x, int rows, int cols) {
        float[] packed = new float[rows * cols];
        for (int b = 0; b < rows; b += MR) {
            for (int r = 0; r < MR; r++) {
                for (int k = 0, src = (b + r) * cols, dst = b * cols + r; k < cols; k++, dst += MR) packed[dst] = x[src + k];
            }
        }
        return packed;
    }

    /**
     * Lays out B[k0 .. k0 + kc)[j0 .. j0 + nc) in panels of NR columns: panel {@code q} at
     * {@code packedOffset + q * NR * kc} holds
     * B[k0 + p][j0 + q * NR + c] at {@code + p * NR + c}; columns past nc are 0.
     */
    private static void packB(boolean trans, float[] b, int offset, int ldb, int j0, int nc, int k0, int kc,
                              float[] packed, int packedOffset, float[] scratch) {
        int panels = Math.ceilDiv(nc, NR);
        for (int q = 0; q < panels; q++) {
            int j = j0 + q * NR, valid = Math.min(NR, nc - q * NR), dst = packedOffset + q * NR * kc;
            if (!trans && valid == NR) {
                for (int p = 0, src = offset + k0 * ldb + j; p < kc; p++, src += ldb) {
                    FloatVector.fromArray(F, b, src).intoArray(packed, dst + p * NR);
                    FloatVector.fromArray(F, b, src + L).intoArray(packed, dst + p * NR + L);
                }
            } else if (!trans) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, offset + (k0 + p) * ldb + j, packed, dst + p * NR, valid);
                    Arrays.fill(packed, dst + p * NR + valid, dst + p * NR + NR, 0f);
                }
            } else if (valid == NR) {
                Transpose.rows(b, offset + j * ldb + k0, ldb, NR, kc, packed, dst);
            } else {
                for (int c = 0; c < valid; c++) System.arraycopy(b, offset + (j + c) * ldb + k0, scratch, c * KC, kc);
                Arrays.fill(scratch, valid * KC, NR * KC, 0f);
                Transpose.rows(scratch, 0, KC, NR, kc, packed, dst);
            }
        }
    }

    /**
     * C[r][c] (+)= sum_p a[p][r] * b[p][c] for one packed MR-row panel and one packed NR-column panel, the MR x NR
     * tile of C at {@code c[at]} with rows {@code ldc} apart: loaded into the accumulators when {@code add}, so each
     * element adds its products to its old value one by one, in order.
     */
    static void kernel(int kc, float[] a, int aOffset, float[] b, int bOffset, float[] c, int at, int ldc, boolean add) {
        int r1 = at + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (add) {
            c00 = FloatVector.fromArray(F, c, at);
            c01 = FloatVector.fromArray(F, c, at + L);
            c10 = FloatVector.fromArray(F, c, r1);
            c11 = FloatVector.fromArray(F, c, r1 + L);
            c20 = FloatVector.fromArray(F, c, r2);
            c21 = FloatVector.fromArray(F, c, r2 + L);
            c30 = FloatVector.fromArray(F, c, r3);
            c31 = FloatVector.fromArray(F, c, r3 + L);
            c40 = FloatVector.fromArray(F, c, r4);
            c41 = FloatVector.fromArray(F, c, r4 + L);
            c50 = FloatVector.fromArray(F, c, r5);
            c51 = FloatVector.fromArray(F, c, r5 + L);
        } else {
            c00 = FloatVector.zero(F);
            c01 = c00;
            c10 = c00;
            c11 = c00;
            c20 = c00;
            c21 = c00;
            c30 = c00;
            c31 = c00;
            c40 = c00;
            c41 = c00;
            c50 = c00;
            c51 = c00;
        }
        // pointers that advance per step rather than offsets computed from p: measured twice as fast under C2
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
        c00.intoArray(c, at);
        c01.intoArray(c, at + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + L);
    }
}
