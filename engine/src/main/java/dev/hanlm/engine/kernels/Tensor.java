package dev.hanlm.engine.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A flat run of numbers in one {@link DType}, held off the heap in a {@link MemorySegment} (a memory-mapped file, or
 * memory made at load by packing or quantization), or for quantized panels in an {@code int[]} on the heap
 * ({@link QuantizedPanels} says why). Elements are addressed by their index in the flattened (row-major) tensor.
 * <p>
 * {@link #get} is the scalar reference; {@link #toFloats} and {@link #dot} are the fast paths the kernels use, each
 * written once per dtype on the Vector API and held to {@link #get} by the tests.
 */
public abstract sealed class Tensor permits F32Tensor, F16Tensor, BF16Tensor, BF16Panels, Q8Tensor, Q4Tensor, QuantizedPanels {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final long size;

    Tensor(long size) {
        this.size = size;
    }

    /** Views {@code size} elements of {@code dtype} stored little-endian in {@code data} (F32, F16 or BF16). */
    public static Tensor of(DType dtype, MemorySegment data, long size) {
        return switch (dtype) {
            case F32 -> new F32Tensor(data, size);
            case F16 -> new F16Tensor(data, size);
            case BF16 -> new BF16Tensor(data, size);
            case Q8_0, Q4_0 -> throw new IllegalArgumentException("quantized tensors are made by quantize(), not viewed");
        };
    }

    public abstract DType dtype();

    /**
     * The stored elements, little-endian, of a tensor that stores them one by one (F32, F16, BF16): what
     * {@link Matrix#toPanels} moves as raw bits. Quantized tensors store blocks and have none.
     */
    MemorySegment elements() {
        throw new UnsupportedOperationException("a " + dtype() + " tensor stores blocks, not elements one by one");
    }

    /** Number of elements. */
    public final long size() {
        return size;
    }

    /** Bytes this tensor occupies (scales included). */
    public abstract long byteSize();

    /** The element at {@code index}, decoded one at a time: the scalar reference for the fast paths. */
    public abstract float get(long index);

    /** Decodes elements {@code [offset, offset + n)} into {@code dst[dstOffset ...]}. */
    public abstract void toFloats(long offset, float[] dst, int dstOffset, int n);

    /** The dot product of elements {@code [offset, offset + n)} with {@code x[xOffset ...]}. */
    public abstract float dot(long offset, float[] x, int xOffset, int n);

    /**
     * {@link #dot} of elements {@code [offset, offset + n)} with each of {@code count} inputs, input t at
     * {@code x[t * n ...]}, into {@code out[outOffset + t * outStride]}; each result equals what {@link #dot} gives
     * it alone, bit for bit. A batched decode step calls it: a tensor whose decoding costs decodes the elements once
     * into {@code scratch} (at least n long) for all inputs.
     */
    public void dots(long offset, int n, float[] x, int count, float[] out, int outOffset, int outStride, float[] scratch) {
        for (int t = 0; t < count; t++) out[outOffset + t * outStride] = dot(offset, x, t * n, n);
    }

    /**
     * One input's product with 4 panels of a {@link Matrix.Layout#PANELS} matrix, for inputs {@code k < kc}: adds
     * {@code x[xo + k] * v} to {@code acc[ao + q * PANEL + c]} for each value v of panel q, element {@code offset + q *
     * stride + k * PANEL + c}, k in order ({@link PanelProducts}). Here through a decoded copy in {@code scratch} (4 x kc
     * x PANEL floats); a dtype whose decoding fits in the loop reads its elements directly.
     */
    void panels4(long offset, long stride, int kc, float[] x, int xo, float[] acc, int ao, float[] scratch) {
        int size = kc * Matrix.PANEL;
        for (int q = 0; q < 4; q++) toFloats(offset + q * stride, scratch, q * size, size);
        PanelProducts.across(scratch, kc, x, xo, acc, ao);
    }

    /**
     * {@link #dots} for a dtype whose {@link #dot} sums as {@code Vectors.dot4} does: decodes the elements once into
     * {@code scratch}, then takes the inputs' dot products with them, two at a time.
     */
    protected final void decodedDots(long offset, int n, float[] x, int count, float[] out, int outOffset, int outStride,
                                     float[] scratch) {
        if (count == 1) {
            out[outOffset] = dot(offset, x, 0, n);
            return;
        }
        toFloats(offset, scratch, 0, n);
        Vectors.dots4(scratch, x, count, n, out, outOffset, outStride);
    }
}
