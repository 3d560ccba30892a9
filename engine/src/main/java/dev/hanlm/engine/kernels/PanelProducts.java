package dev.hanlm.engine.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix-vector products with W packed in panels ({@link Matrix.Layout#PANELS}), for one input (a decode step) or a
 * few that belong to different sequences (a batched decode step). Up to 3 inputs read a group of 4 panels straight
 * from the tensor ({@link Tensor#panels4}); 4 or more share a slice of the group decoded into a float buffer that
 * stays in L2. Six inputs at a time go through {@link Gemm}'s 6 x 16 kernel, the first six of a bf16 matrix reading it
 * straight from memory and leaving the decoded slice behind; the rest take tiles of 4 inputs, then of one. A batch of
 * exactly 8 of a bf16 matrix runs as two tiles of 4 that both read it from memory (the same panel, from L1 the second
 * time). Every tile adds {@code x[t][k] * W[j][k]} to each output for k in order from zero: the chain Gemm's kernel
 * runs over the same panels, so a lone step, a batched step and a prompt's prefill give every output bit for bit the
 * same, and no output is a dot product reduced across lanes. A quantized matrix ({@link QuantizedPanels}) sums each
 * block of 32 inputs before scaling it, every input alone through {@link Tensor#panels4}: a batched step still gives
 * each row its lone product, bit for bit, and a prompt's prefill decodes the panels for Gemm.
 */
final class PanelProducts {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Rows per panel: two vectors. */
    private static final int NR = Matrix.PANEL;
    /** Panels per work item: one input then keeps 8 sums in flight, enough to hide the fused multiply-add's latency. */
    private static final int GROUP = 4;
    /** Inputs per tile of {@link MatVecs#tile4} and {@link #decodingTile4}. */
    private static final int QUAD = 4;
    /** Outputs per work item. */
    private static final int WIDTH = GROUP * NR;
    /**
     * Inputs per slice: each panel is read in runs of SLICE x NR elements, and the decoded group (GROUP x SLICE x NR
     * floats, 256 KiB with AVX2) stays in L2. Runs of 64 (a slice in L1) jumped between four places in memory every 2
     * KiB, and the prefetcher fell behind: a batched step of the bundled model took 10-15% longer, a lone one 5-10%.
     */
    private static final int SLICE = 1024;

    /** Each thread's decoded slice and sums, reused: a call hands out several chunks to each thread. */
    private static final ThreadLocal<float[]> SLICES = ThreadLocal.withInitial(() -> new float[WIDTH * SLICE]);
    private static final ThreadLocal<float[]> SUMS = ThreadLocal.withInitial(() -> new float[8 * WIDTH]);

    private PanelProducts() {}

    /** This thread's sums, at least {@code size} long (zeroed per group by the caller). */
    private static float[] accumulators(int size) {
        float[] sums = SUMS.get();
        if (sums.length < size) {
            sums = new float[size];
            SUMS.set(sums);
        }
        return sums;
    }

    /** {@code out[t * rows + j] = bias[j] + sum_k W[j][k] x[t * cols + k]} for {@code t < n}, W in panels. */
    static void multiply(float[] out, float[] x, int n, Matrix w, float[] bias) {
        multiplyAll(x, n, new float[][] {out}, new Matrix[] {w}, new float[][] {bias});
    }

    /**
     * {@link #multiply} for matrices in panels that take the same inputs (a layer's query, key and value, or its gate
     * and up projections), as one call to the pool over all their groups: a decode step then waits for the pool's
     * last chunk once instead of once per matrix. Each output is computed exactly as {@link #multiply} computes it.
     */
    static void multiplyAll(float[] x, int n, float[][] outs, Matrix[] ws, float[][] biases) {
        // the matrices share x: it is rounded (for Q4) and packed (for Gemm's kernel, MR rows at a time) once for all;
        // a lone step packs nothing, nor does a quantized matrix, nor a batch of 8 (tiles of 4 read x as it is)
        int cols = ws[0].cols();
        BlockInputs rounded = Arrays.stream(ws).anyMatch(w -> w.values() instanceof Q4Panels) ? BlockInputs.round(x, n, cols) : null;
        float[] blocks = n >= Gemm.MR && n != 2 * QUAD && Arrays.stream(ws).anyMatch(w -> !(w.values() instanceof QuantizedPanels))
                ? Gemm.packRows(x, n - n % Gemm.MR, cols) : null;
        Product[] products = new Product[ws.length];
        // groups of products[i] are items firstGroup[i] .. firstGroup[i + 1] of the pool's range
        int[] firstGroup = new int[ws.length + 1];
        for (int i = 0; i < ws.length; i++) {
            products[i] = new Product(outs[i], x, n, ws[i], biases[i], rounded, blocks);
            firstGroup[i + 1] = firstGroup[i] + products[i].groups;
        }
        Parallel.forRange(firstGroup[ws.length], (from, to) -> {
            float[] slice = SLICES.get(), acc = accumulators(n * WIDTH);
            for (int g = from, i = 0; g < to; g++) {
                while (g >= firstGroup[i + 1]) i++;
                products[i].group(g - firstGroup[i], slice, acc);
            }
        });
    }

    /** One matrix's product with the n inputs, group of panels by group. */
    private static final class Product {
        private final float[] out, x, bias;
        private final int n, rows, cols, panels, groups;
        private final Tensor values;
        private final boolean quantized, fused, fusedQuads;
        /** A Q4 matrix multiplies its inputs rounded to 8-bit blocks, in integer lanes. */
        private final Q4Panels q4;
        private final BlockInputs rounded;
        /** The inputs packed for Gemm's kernel, MR at a time. */
        private final float[] blocks;
        private final MemorySegment data;

        private Product(float[] out, float[] x, int n, Matrix w, float[] bias, BlockInputs rounded, float[] blocks) {
            this.out = out;
            this.x = x;
            this.n = n;
            this.bias = bias;
            this.values = w.values();
            this.rows = w.rows();
            this.cols = w.cols();
            this.panels = Math.ceilDiv(rows, NR);
            this.groups = Math.ceilDiv(panels, GROUP);
            this.quantized = values instanceof QuantizedPanels;
            this.q4 = values instanceof Q4Panels p ? p : null;
            this.rounded = rounded;
            this.blocks = blocks;
            this.fused = n >= Gemm.MR && values instanceof BF16Panels;
            this.fusedQuads = n == 2 * QUAD && values instanceof BF16Panels;
            this.data = fused ? values.elements() : null;
        }

        /** Outputs {@code 64 g .. 64 g + 63} of every input, through this thread's {@code slice} and {@code acc}. */
        private void group(int g, float[] slice, float[] acc) {
            int p0 = g * GROUP, count = Math.min(GROUP, panels - p0);
            Arrays.fill(acc, 0, n * WIDTH, 0f);
            // up to 3 inputs read a whole group's panels straight from the tensor, each input in turn (the slice
            // stays in cache); 4 or more share one decoded copy of the slice, as does the last, partial group
            boolean decode = n >= 4 || count < GROUP;
            for (int k0 = 0; k0 < cols; k0 += SLICE) {
                int kc = Math.min(SLICE, cols - k0);
                long at = ((long) p0 * cols + k0) * NR, stride = (long) cols * NR;
                // panel q's inputs k0 .. k0 + kc are contiguous where it is stored; here at q * kc * NR
                int t = 0;
                if (q4 != null) {
                    for (; t < n; t++) q4.products(at, kc, rounded, t, k0, acc, t * WIDTH);
                } else if (quantized) {
                    // every input sums each block before scaling it, as a lone one does (whole groups are stored)
                    for (; t < n; t++) values.panels4(at, stride, kc, x, t * cols + k0, acc, t * WIDTH, slice);
                } else if (fusedQuads && count == GROUP) {
                    // a batch of 8 (the server's default largest) as two tiles of 4 reading bf16 from memory: after a
                    // fused six, its last two inputs would read the decoded slice from L2, one at a time, at half pace
                    for (int q = 0; q < count; q++) {
                        long panel = at + q * stride;
                        decodingTile4(kc, x, k0, cols, data, panel, acc, q * NR, WIDTH);
                        decodingTile4(kc, x, QUAD * cols + k0, cols, data, panel, acc, QUAD * WIDTH + q * NR, WIDTH);
                    }
                    t = n;
                } else if (fused && count == GROUP) {
                    // the first MR inputs read bf16 straight from memory, leaving the decoded slice for the rest
                    for (int q = 0; q < count; q++) decodingKernel(kc, blocks, k0 * Gemm.MR, data, at + q * stride, slice, q * kc * NR, acc, q * NR, WIDTH);
                    t = Gemm.MR;
                } else if (decode) {
                    for (int q = 0; q < count; q++) values.toFloats(at + q * stride, slice, q * kc * NR, kc * NR);
                }
                if (decode) {
                    // blocks of MR inputs through Gemm's kernel (12 sums in flight), then tiles of 4 (8 sums)
                    for (; blocks != null && t + Gemm.MR <= n; t += Gemm.MR) {
                        for (int q = 0; q < count; q++) Gemm.kernel(kc, blocks, t * cols + k0 * Gemm.MR, slice, q * kc * NR, acc, t * WIDTH + q * NR, WIDTH, true);
                    }
                    for (; t + QUAD <= n; t += QUAD) {
                        for (int q = 0; q < count; q++) MatVecs.tile4(slice, q * kc * NR, NR, kc, x, t * cols + k0, cols, acc, t * WIDTH + q * NR, WIDTH);
                    }
                }
                for (; t < n; t++) {
                    if (count < GROUP) {
                        for (int q = 0; q < count; q++) MatVecs.tile1(slice, q * kc * NR, NR, kc, x, t * cols + k0, acc, t * WIDTH + q * NR);
                    } else if (decode) {
                        across(slice, kc, x, t * cols + k0, acc, t * WIDTH);
                    } else {
                        values.panels4(at, stride, kc, x, t * cols + k0, acc, t * WIDTH, slice);
                    }
                }
            }
            int j0 = p0 * NR, valid = Math.min(WIDTH, rows - j0);
            for (int t = 0; t < n; t++) {
                System.arraycopy(acc, t * WIDTH, out, t * rows + j0, valid);
                if (bias != null) Vectors.add(bias, j0, out, t * rows + j0, valid);
            }
        }
    }

    /*
     * The three loops below are one loop over three sources: a decoded slice, f32 memory and bf16 memory. They stay
     * apart on purpose: one loop choosing its source per load kept C2's vector intrinsics only while a single source
     * had ever been seen; once a process ran two (a lone step and a batched one), C2 recompiled it with the vectors
     * boxed and both paths ran 3-4x slower (a server's single stream after its first batch of 5-7).
     */

    /** {@code MatVecs.tile4} for one input and all GROUP panels of the slice (panel q at q * kc * NR): 8 sums in flight. */
    static void across(float[] w, int kc, float[] x, int xo, float[] acc, int ao) {
        int p1 = kc * NR, p2 = 2 * p1, p3 = 3 * p1;
        FloatVector s0 = FloatVector.fromArray(F, acc, ao), s1 = FloatVector.fromArray(F, acc, ao + L);
        FloatVector s2 = FloatVector.fromArray(F, acc, ao + NR), s3 = FloatVector.fromArray(F, acc, ao + NR + L);
        FloatVector s4 = FloatVector.fromArray(F, acc, ao + 2 * NR), s5 = FloatVector.fromArray(F, acc, ao + 2 * NR + L);
        FloatVector s6 = FloatVector.fromArray(F, acc, ao + 3 * NR), s7 = FloatVector.fromArray(F, acc, ao + 3 * NR + L);
        for (int k = 0, at = 0; k < kc; k++, at += NR) {
            FloatVector b = FloatVector.broadcast(F, x[xo + k]);
            s0 = b.fma(FloatVector.fromArray(F, w, at), s0);
            s1 = b.fma(FloatVector.fromArray(F, w, at + L), s1);
            s2 = b.fma(FloatVector.fromArray(F, w, p1 + at), s2);
            s3 = b.fma(FloatVector.fromArray(F, w, p1 + at + L), s3);
            s4 = b.fma(FloatVector.fromArray(F, w, p2 + at), s4);
            s5 = b.fma(FloatVector.fromArray(F, w, p2 + at + L), s5);
            s6 = b.fma(FloatVector.fromArray(F, w, p3 + at), s6);
            s7 = b.fma(FloatVector.fromArray(F, w, p3 + at + L), s7);
        }
        s0.intoArray(acc, ao);
        s1.intoArray(acc, ao + L);
        s2.intoArray(acc, ao + NR);
        s3.intoArray(acc, ao + NR + L);
        s4.intoArray(acc, ao + 2 * NR);
        s5.intoArray(acc, ao + 2 * NR + L);
        s6.intoArray(acc, ao + 3 * NR);
        s7.intoArray(acc, ao + 3 * NR + L);
    }

    /** {@link #across} read straight from f32 memory, panel q at element {@code offset + q * stride}: no decoded copy. */
    static void acrossF32(MemorySegment data, long offset, long stride, int kc, float[] x, int xo, float[] acc, int ao) {
        long p0 = offset * Float.BYTES, p1 = p0 + stride * Float.BYTES, p2 = p1 + stride * Float.BYTES, p3 = p2 + stride * Float.BYTES;
        long v = (long) L * Float.BYTES;
        FloatVector s0 = FloatVector.fromArray(F, acc, ao), s1 = FloatVector.fromArray(F, acc, ao + L);
        FloatVector s2 = FloatVector.fromArray(F, acc, ao + NR), s3 = FloatVector.fromArray(F, acc, ao + NR + L);
        FloatVector s4 = FloatVector.fromArray(F, acc, ao + 2 * NR), s5 = FloatVector.fromArray(F, acc, ao + 2 * NR + L);
        FloatVector s6 = FloatVector.fromArray(F, acc, ao + 3 * NR), s7 = FloatVector.fromArray(F, acc, ao + 3 * NR + L);
        for (int k = 0; k < kc; k++) {
            long at = (long) k * NR * Float.BYTES;
            FloatVector b = FloatVector.broadcast(F, x[xo + k]);
            s0 = b.fma(FloatVector.fromMemorySegment(F, data, p0 + at, LE), s0);
            s1 = b.fma(FloatVector.fromMemorySegment(F, data, p0 + at + v, LE), s1);
            s2 = b.fma(FloatVector.fromMemorySegment(F, data, p1 + at, LE), s2);
            s3 = b.fma(FloatVector.fromMemorySegment(F, data, p1 + at + v, LE), s3);
            s4 = b.fma(FloatVector.fromMemorySegment(F, data, p2 + at, LE), s4);
            s5 = b.fma(FloatVector.fromMemorySegment(F, data, p2 + at + v, LE), s5);
            s6 = b.fma(FloatVector.fromMemorySegment(F, data, p3 + at, LE), s6);
            s7 = b.fma(FloatVector.fromMemorySegment(F, data, p3 + at + v, LE), s7);
        }
        s0.intoArray(acc, ao);
        s1.intoArray(acc, ao + L);
        s2.intoArray(acc, ao + NR);
        s3.intoArray(acc, ao + NR + L);
        s4.intoArray(acc, ao + 2 * NR);
        s5.intoArray(acc, ao + 2 * NR + L);
        s6.intoArray(acc, ao + 3 * NR);
        s7.intoArray(acc, ao + 3 * NR + L);
    }

    /**
     * {@link #across} read straight from bf16 panels ({@link BF16Panels}, stored in pairs), decoded in the loop, panel q
     * at element {@code offset + q * stride}.
     */
    static void acrossBf16(MemorySegment data, long offset, long stride, int kc, float[] x, int xo, float[] acc, int ao) {
        long p1 = offset + stride, p2 = p1 + stride, p3 = p2 + stride;
        FloatVector s0 = FloatVector.fromArray(F, acc, ao), s1 = FloatVector.fromArray(F, acc, ao + L);
        FloatVector s2 = FloatVector.fromArray(F, acc, ao + NR), s3 = FloatVector.fromArray(F, acc, ao + NR + L);
        FloatVector s4 = FloatVector.fromArray(F, acc, ao + 2 * NR), s5 = FloatVector.fromArray(F, acc, ao + 2 * NR + L);
        FloatVector s6 = FloatVector.fromArray(F, acc, ao + 3 * NR), s7 = FloatVector.fromArray(F, acc, ao + 3 * NR + L);
        for (int k = 0; k < kc; k++) {
            long at = (long) k * NR;
            FloatVector b = FloatVector.broadcast(F, x[xo + k]);
            IntVector w0 = BF16Panels.pairs(data, offset + at), w1 = BF16Panels.pairs(data, p1 + at);
            IntVector w2 = BF16Panels.pairs(data, p2 + at), w3 = BF16Panels.pairs(data, p3 + at);
            s0 = b.fma(BF16Panels.low(w0), s0);
            s1 = b.fma(BF16Panels.high(w0), s1);
            s2 = b.fma(BF16Panels.low(w1), s2);
            s3 = b.fma(BF16Panels.high(w1), s3);
            s4 = b.fma(BF16Panels.low(w2), s4);
            s5 = b.fma(BF16Panels.high(w2), s5);
            s6 = b.fma(BF16Panels.low(w3), s6);
            s7 = b.fma(BF16Panels.high(w3), s7);
        }
        s0.intoArray(acc, ao);
        s1.intoArray(acc, ao + L);
        s2.intoArray(acc, ao + NR);
        s3.intoArray(acc, ao + NR + L);
        s4.intoArray(acc, ao + 2 * NR);
        s5.intoArray(acc, ao + 2 * NR + L);
        s6.intoArray(acc, ao + 3 * NR);
        s7.intoArray(acc, ao + 3 * NR + L);
    }

    /**
     * Gemm's MR x NR kernel over one panel's inputs {@code k < kc}, its weights read from bf16 panels
     * ({@link BF16Panels}) at element {@code offset + k * NR} and decoded in the loop, so that their loads from memory
     * overlap the products; each decoded vector is also stored at {@code slice[sliceOffset + k * NR]} for the inputs
     * past the first MR. Gemm's own kernel reads floats: a loop of its own per source, as for {@link #across}.
     */
    private static void decodingKernel(int kc, float[] a, int aOffset, MemorySegment data, long offset, float[] slice, int sliceOffset,
                                       float[] c, int at, int ldc) {
        int r1 = at + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        FloatVector c00 = FloatVector.fromArray(F, c, at), c01 = FloatVector.fromArray(F, c, at + L);
        FloatVector c10 = FloatVector.fromArray(F, c, r1), c11 = FloatVector.fromArray(F, c, r1 + L);
        FloatVector c20 = FloatVector.fromArray(F, c, r2), c21 = FloatVector.fromArray(F, c, r2 + L);
        FloatVector c30 = FloatVector.fromArray(F, c, r3), c31 = FloatVector.fromArray(F, c, r3 + L);
        FloatVector c40 = FloatVector.fromArray(F, c, r4), c41 = FloatVector.fromArray(F, c, r4 + L);
        FloatVector c50 = FloatVector.fromArray(F, c, r5), c51 = FloatVector.fromArray(F, c, r5 + L);
        long bi = offset;
        for (int si = sliceOffset, ai = aOffset, end = sliceOffset + kc * NR; si < end; si += NR, ai += Gemm.MR, bi += NR) {
            IntVector w = BF16Panels.pairs(data, bi);
            FloatVector b0 = BF16Panels.low(w), b1 = BF16Panels.high(w);
            b0.intoArray(slice, si);
            b1.intoArray(slice, si + L);
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

    /**
     * {@link MatVecs#tile4} over one panel's inputs {@code k < kc}, its weights read from bf16 panels
     * ({@link BF16Panels}) at element {@code offset + k * NR} and decoded in the loop (8 sums in flight, no decoded copy
     * left behind).
     */
    private static void decodingTile4(int kc, float[] x, int xo, int cols, MemorySegment data, long offset, float[] c, int at, int ldc) {
        int r1 = at + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        FloatVector c00 = FloatVector.fromArray(F, c, at), c01 = FloatVector.fromArray(F, c, at + L);
        FloatVector c10 = FloatVector.fromArray(F, c, r1), c11 = FloatVector.fromArray(F, c, r1 + L);
        FloatVector c20 = FloatVector.fromArray(F, c, r2), c21 = FloatVector.fromArray(F, c, r2 + L);
        FloatVector c30 = FloatVector.fromArray(F, c, r3), c31 = FloatVector.fromArray(F, c, r3 + L);
        long bi = offset;
        for (int k = 0; k < kc; k++, bi += NR) {
            IntVector w = BF16Panels.pairs(data, bi);
            FloatVector b0 = BF16Panels.low(w), b1 = BF16Panels.high(w);
            FloatVector b = FloatVector.broadcast(F, x[xo + k]);
            c00 = b.fma(b0, c00);
            c01 = b.fma(b1, c01);
            b = FloatVector.broadcast(F, x[xo + cols + k]);
            c10 = b.fma(b0, c10);
            c11 = b.fma(b1, c11);
            b = FloatVector.broadcast(F, x[xo + 2 * cols + k]);
            c20 = b.fma(b0, c20);
            c21 = b.fma(b1, c21);
            b = FloatVector.broadcast(F, x[xo + 3 * cols + k]);
            c30 = b.fma(b0, c30);
            c31 = b.fma(b1, c31);
        }
        c00.intoArray(c, at);
        c01.intoArray(c, at + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
    }
}
