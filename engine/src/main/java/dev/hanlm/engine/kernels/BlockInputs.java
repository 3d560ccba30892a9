package dev.hanlm.engine.kernels;

import static dev.hanlm.engine.kernels.DType.BLOCK;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inputs of a Q4_0 product, rounded to 8 bits in blocks of 32 along each row, as llama.cpp rounds the activations
 * a Q4_0 matrix multiplies (into its Q8_0 blocks, on x86 to nearest even): scale {@code d = max|x| / 127} per block,
 * {@code q = rint(x / d)}. {@link Q4Panels} then sums each block's products in 16-bit integer lanes; every other path
 * (a prompt's {@link Gemm}, a row-major matrix's dot products, {@link Reference}) multiplies the same values,
 * {@code d * q}, as floats, so that they all compute one product up to float rounding.
 * <p>
 * Blocks start at each row's first input; a row whose width is not a multiple of 32 ends in a shorter block.
 */
final class BlockInputs {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> S = ShortVector.SPECIES_128;
    private static final float MAGIC = 1.5f * (1 << 23);
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);
    /** The largest magnitude of a rounded input. */
    static final int LIMIT = 127;

    /** {@code q}, row after row, {@code cols} per row. */
    final short[] quants;
    /** {@code d} of each block, row after row, {@link #blocks} per row. */
    final float[] scales;
    /** 8 times each block's sum of q (the term a product over nibbles stored as {@code q + 8} takes away). */
    final short[] offsets;
    final int cols;
    /** Blocks per row. */
    final int blocks;

    private BlockInputs(int n, int cols) {
        this.cols = cols;
        this.blocks = Math.ceilDiv(cols, BLOCK);
        this.quants = new short[n * cols];
        this.scales = new float[n * blocks];
        this.offsets = new short[n * blocks];
    }

    /** The n rows of x ({@code cols} each) rounded, rows on the pool. */
    static BlockInputs round(float[] x, int n, int cols) {
        BlockInputs in = new BlockInputs(n, cols);
        Parallel.forRange(n, (from, to) -> {
            for (int t = from; t < to; t++) {
                for (int b = 0; b < in.blocks; b++) {
                    int at = t * cols + b * BLOCK;
                    in.roundBlock(x, at, Math.min(BLOCK, (t + 1) * cols - at), t * in.blocks + b);
                }
            }
        });
        return in;
    }

    /**
     * Rounds {@code x[from .. from + length)} into {@code quants} at the same place, as block {@code block}. A whole
     * block takes vectors: adding 1.5 * 2^23 to x / d rounds it to the nearest integer, ties to even, as Math.rint does
     * (|x / d| <= 127), and leaves that integer in the sum's low bits. It runs on one thread between two products of a
     * decode step, the pool's others idle: for Llama's 4,864 inputs of a down projection the scalar loop took 9.2 us,
     * 24 of them 0.2 ms of a 10 ms q4 decode step; these vectors take 5.3 us.
     */
    private void roundBlock(float[] x, int from, int length, int block) {
        int sum = 0;
        float d;
        if (length == BLOCK && F.length() == 8) {
            FloatVector x0 = FloatVector.fromArray(F, x, from), x1 = FloatVector.fromArray(F, x, from + 8);
            FloatVector x2 = FloatVector.fromArray(F, x, from + 16), x3 = FloatVector.fromArray(F, x, from + 24);
            d = x0.abs().max(x1.abs()).max(x2.abs().max(x3.abs())).reduceLanes(VectorOperators.MAX) / LIMIT;
            float id = inverse(d);
            IntVector q0 = x0.mul(id).add(MAGIC).reinterpretAsInts().sub(MAGIC_BITS);
            IntVector q1 = x1.mul(id).add(MAGIC).reinterpretAsInts().sub(MAGIC_BITS);
            IntVector q2 = x2.mul(id).add(MAGIC).reinterpretAsInts().sub(MAGIC_BITS);
            IntVector q3 = x3.mul(id).add(MAGIC).reinterpretAsInts().sub(MAGIC_BITS);
            ((ShortVector) q0.convertShape(VectorOperators.I2S, S, 0)).intoArray(quants, from);
            ((ShortVector) q1.convertShape(VectorOperators.I2S, S, 0)).intoArray(quants, from + 8);
            ((ShortVector) q2.convertShape(VectorOperators.I2S, S, 0)).intoArray(quants, from + 16);
            ((ShortVector) q3.convertShape(VectorOperators.I2S, S, 0)).intoArray(quants, from + 24);
            sum = q0.add(q1).add(q2.add(q3)).reduceLanes(VectorOperators.ADD);
        } else {
            d = scale(x, from, from + length);
            float id = inverse(d);
            for (int i = from; i < from + length; i++) {
                short q = (short) Math.rint(x[i] * id);
                quants[i] = q;
                sum += q;
            }
        }
        scales[block] = d;
        offsets[block] = (short) (8 * sum);
    }

    /**
     * The inputs {@code w} multiplies: for a Q4_0 matrix the rounded values {@code d * q} as floats ({@link #round}'s,
     * rows on the pool: a prompt's 512 rows by 4,864 inputs took a scalar loop half a second per prefill), x itself
     * for any other.
     */
    static float[] of(float[] x, int n, Matrix w) {
        if (w.values().dtype() != DType.Q4_0) return x;
        int cols = w.cols();
        BlockInputs in = round(x, n, cols);
        float[] v = new float[n * cols];
        Parallel.forRange(n, (from, to) -> {
            for (int t = from; t < to; t++) {
                for (int b = 0; b < in.blocks; b++) {
                    float d = in.scales[t * in.blocks + b];
                    for (int i = t * cols + b * BLOCK, end = Math.min(i + BLOCK, (t + 1) * cols); i < end; i++) v[i] = d * in.quants[i];
                }
            }
        });
        return v;
    }

    /** The scale of the block {@code x[from .. to)}: its largest magnitude over {@link #LIMIT}. */
    private static float scale(float[] x, int from, int to) {
        float amax = 0;
        for (int i = from; i < to; i++) amax = Math.max(amax, Math.abs(x[i]));
        return amax / LIMIT;
    }

    private static float inverse(float d) {
        return d != 0 ? 1 / d : 0;
    }
}
