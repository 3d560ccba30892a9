package dev.hanlm.engine.kernels;

import static jdk.incubator.vector.VectorOperators.LSHL;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A bf16 matrix packed in {@link Matrix.Layout#PANELS} ({@link Matrix#toPanels}), each run of a panel's {@code PANEL}
 * values for one input stored in pairs: 32-bit lane i holds the run's value i in its low half and value i + L in its
 * high half (L = the float vector's length, half a run). One load of the run as ints then gives both float vectors
 * with one operation each, a shift for the first half and a mask for the second, where bf16 in order took a load, a
 * widening and a shift per vector: the products of a batched step ran 1.5x faster (54-57 to 79-89 GFLOP/s on one
 * thread).
 * Elements are indexed in the panel order, as in any {@link Matrix.Layout#PANELS} tensor; only where each one is
 * stored within its run differs.
 */
public final class BF16Panels extends Tensor {
    private static final VectorSpecies<Integer> I32 = F.withLanes(int.class);
    private static final int L = F.length(), RUN = Matrix.PANEL;
    private static final int HIGH_HALF = 0xFFFF0000;

    private final MemorySegment data;

    private BF16Panels(MemorySegment data, long size) {
        super(size);
        this.data = data;
    }

    /** Views {@code size} elements (whole runs) stored in pairs in {@code data}, as {@link #pair} leaves them. */
    static BF16Panels of(MemorySegment data, long size) {
        if (size % RUN != 0) throw new IllegalArgumentException("bf16 panels of " + size + " elements: not whole runs of " + RUN);
        return new BF16Panels(data, size);
    }

    /** Reorders the runs of {@code panel} (bf16 values in the panel order, whole runs) in place as they are stored. */
    static void pair(short[] panel) {
        short[] run = new short[RUN];
        for (int offset = 0; offset < panel.length; offset += RUN) {
            for (int i = 0; i < L; i++) {
                run[2 * i] = panel[offset + i];
                run[2 * i + 1] = panel[offset + L + i];
            }
            System.arraycopy(run, 0, panel, offset, RUN);
        }
    }

    @Override
    MemorySegment elements() {
        return data;
    }

    @Override
    public DType dtype() {
        return DType.BF16;
    }

    @Override
    public long byteSize() {
        return size() * 2;
    }

    /** Where element {@code index} is stored, in shorts. */
    private static long stored(long index) {
        long run = index - index % RUN;
        int i = (int) (index % RUN);
        return run + (i < L ? 2 * i : 2 * (i - L) + 1);
    }

    @Override
    public float get(long index) {
        return Float.intBitsToFloat(data.get(BF16Tensor.SHORT, stored(index) * 2) << 16);
    }

    /** The run at element {@code index} (a multiple of PANEL) of {@code data}, as L pairs. */
    static IntVector pairs(MemorySegment data, long index) {
        return IntVector.fromMemorySegment(I32, data, index * 2, LE);
    }

    /** Values 0 .. L - 1 of a run read by {@link #pairs}. */
    static FloatVector low(IntVector pairs) {
        return pairs.lanewise(LSHL, 16).reinterpretAsFloats();
    }

    /** Values L .. PANEL - 1 of a run read by {@link #pairs}. */
    static FloatVector high(IntVector pairs) {
        return pairs.and(HIGH_HALF).reinterpretAsFloats();
    }

    @Override
    public void toFloats(long offset, float[] dst, int dstOffset, int n) {
        int i = 0;
        // whole runs through the vectors, the rest one by one
        for (; i < n && (offset + i) % RUN != 0; i++) dst[dstOffset + i] = get(offset + i);
        for (; i + RUN <= n; i += RUN) {
            IntVector run = pairs(data, offset + i);
            low(run).intoArray(dst, dstOffset + i);
            high(run).intoArray(dst, dstOffset + i + L);
        }
        for (; i < n; i++) dst[dstOffset + i] = get(offset + i);
    }

    /** The scalar reference: no product reads panels this way (they go through {@link PanelProducts}). */
    @Override
    public float dot(long offset, float[] x, int xOffset, int n) {
        return Reference.dot(this, offset, x, xOffset, n);
    }

    @Override
    void panels4(long offset, long stride, int kc, float[] x, int xo, float[] acc, int ao, float[] scratch) {
        PanelProducts.acrossBf16(data, offset, stride, kc, x, xo, acc, ao);
    }
}
