package dev.hanlm.engine.kernels;

import static dev.hanlm.engine.kernels.DType.BLOCK;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A matrix quantized in blocks of 32 inputs along each row, exactly as {@link Q8Tensor} or {@link Q4Tensor} rounds
 * it, but stored in the {@link Matrix.Layout#PANELS} order for {@link PanelProducts}: elements are indexed as in any
 * panel-packed matrix, and each chunk of 512 of them (one panel's 16 rows by one block's 32 inputs) is one run of
 * quants followed by its 16 scales, a panel's chunks one after another. A decode step sums each block's products for a
 * group of four panels' 64 rows at once (Q8 in eight float vectors, Q4 in four 16-bit integer ones) and scales the sums
 * once per block; a row-major tensor's dot
 * product keeps two sums in flight and decodes a scale per row and block: 1.25x slower from memory, 1.8x from cache
 * (one thread, {@code EngineBench kernels}). Storing a group's four chunks side by side, one run per block, ran 2x
 * slower from memory than a panel's chunks one after another, though faster in cache; the scales kept apart from the
 * quants, 1.12x slower from memory (though 1.1x faster in cache).
 * <p>
 * Needs {@code cols} a multiple of 32 and 256-bit vectors ({@link #fits}). The storage is padded with zero rows to
 * whole groups of four panels, which the products read whole; {@link #size()} counts whole panels, as for any
 * panel-packed matrix.
 */
abstract sealed class QuantizedPanels extends Tensor permits Q8Panels, Q4Panels {
    static final VectorSpecies<Float> QF = FloatVector.SPECIES_256;
    static final VectorSpecies<Integer> QI = IntVector.SPECIES_256;
    static final int NR = Matrix.PANEL;
    /** Elements per chunk: one panel's rows by one block's inputs. */
    static final int CHUNK = NR * BLOCK;
    /** Rows the storage is padded to: the panels of one group of the products. */
    private static final int GROUP_ROWS = 4 * NR;

    /**
     * The chunks, each its quants and then its scales: 16 floats in row order, the f16 values of llama.cpp's blocks
     * held as f32 (2 bytes more per block) so that the products load them as vectors with no conversion in the loop.
     * A panel is one run of memory, scales included: with the scales apart, a group's products read eight streams.
     */
    final MemorySegment data;
    /** Bytes of quants per chunk; the scales follow them. */
    private final int quantBytes;
    /** Bytes per chunk, scales included. */
    private final int chunkBytes;
    final int cols;
    /** Blocks per row. */
    final int blocks;

    /** Rounds one block of 32 values into q (element order) and returns its f16 scale. */
    @FunctionalInterface
    interface BlockRounding {
        short round(float[] v, int offset, byte[] q);
    }

    /** Stores block values q of row {@code row} (within its panel) into the quants of the chunk at byte {@code at}. */
    @FunctionalInterface
    interface Placement {
        void place(MemorySegment data, long at, int row, byte[] q);
    }

    QuantizedPanels(MemorySegment data, int quantBytes, int rows, int cols) {
        super((long) Math.ceilDiv(rows, NR) * NR * cols);
        this.data = data;
        this.quantBytes = quantBytes;
        this.chunkBytes = chunkBytes(quantBytes);
        this.cols = cols;
        this.blocks = cols / BLOCK;
    }

    /** Whether {@code m} can be stored this way here: whole blocks per row, and 256-bit vectors. */
    static boolean fits(Matrix m) {
        return m.cols() % BLOCK == 0 && FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    }

    /** Bytes per chunk at {@code quantBytes} of quants: the quants, then 16 f32 scales. */
    static int chunkBytes(int quantBytes) {
        return quantBytes + NR * Float.BYTES;
    }

    /** Byte offset of row {@code row}'s scale in chunk {@code chunk}. */
    private static long scaleAt(long chunk, int row, int quantBytes) {
        return chunk * chunkBytes(quantBytes) + quantBytes + (long) row * Float.BYTES;
    }

    /** Chunks of {@code m}'s storage, padded to whole groups of four panels. */
    private static long chunks(Matrix m) {
        return (long) Math.ceilDiv(m.rows(), GROUP_ROWS) * (GROUP_ROWS / NR) * (m.cols() / BLOCK);
    }

    /** Bytes of storage for {@code m} at {@code quantBytes} of quants per chunk. */
    static long bytes(Matrix m, int quantBytes) {
        return chunks(m) * chunkBytes(quantBytes);
    }

    /**
     * Rounds every block of {@code m} into {@code data} (zeroed), chunks of {@code quantBytes} of quants and their
     * scales; the padding rows hold quants of zero, as placed, and scales of zero.
     */
    static void quantize(Matrix m, MemorySegment data, int quantBytes, BlockRounding rounding, Placement placement) {
        int blocks = m.cols() / BLOCK;
        m.forEachBlock((b, v, o) -> {
            byte[] q = new byte[BLOCK];
            long row = b / blocks, chunk = row / NR * blocks + b % blocks;
            data.set(F32Tensor.FLOAT, scaleAt(chunk, (int) (row % NR), quantBytes), Float.float16ToFloat(rounding.round(v, o, q)));
            placement.place(data, chunk * chunkBytes(quantBytes), (int) (row % NR), q);
        });
        byte[] zero = new byte[BLOCK];
        for (long row = m.rows(), padded = Math.ceilDiv(m.rows(), GROUP_ROWS) * (long) GROUP_ROWS; row < padded; row++) {
            for (int b = 0; b < blocks; b++) placement.place(data, (row / NR * blocks + b) * chunkBytes(quantBytes), (int) (row % NR), zero);
        }
    }

    /**
     * Panel {@code q} of the group whose first chunk is {@code first}, {@code count} chunks of it from there, panels
     * {@code step} bytes apart. {@link Q4Panels#products} reads a group's panels through such slices at int offsets:
     * against the whole matrix, C2 kept a bounds check on every load (llama-0.5b q4 decode 1.07-1.22x slower). Q8's
     * kernel, with twice the loads and eight float sums, ran 3.6x slower this way and reads the matrix itself.
     */
    final MemorySegment panel(long first, long step, int q, int count) {
        return data.asSlice(first * chunkBytes + q * step, (long) count * chunkBytes);
    }

    @Override
    public long byteSize() {
        return data.byteSize();
    }

    /** Value j (0-31) of row {@code row} in the chunk at byte {@code at}, unscaled. */
    abstract int quant(long at, int row, int j);

    /** Chunk {@code chunk} decoded into {@code dst[at ..]} in element order (input by input, 16 rows each). */
    abstract void decodeChunk(long chunk, float[] dst, int at);

    @Override
    public final float get(long index) {
        long panelSize = (long) cols * NR, panel = index / panelSize;
        int within = (int) (index % panelSize), col = within / NR, row = within % NR;
        long chunk = panel * blocks + col / BLOCK;
        return data.get(F32Tensor.FLOAT, scaleAt(chunk, row, quantBytes)) * quant(chunk * chunkBytes, row, col % BLOCK);
    }

    @Override
    public final void toFloats(long offset, float[] dst, int dstOffset, int n) {
        int head = (int) Math.min(n, Math.floorMod(-offset, CHUNK)), whole = (n - head) / CHUNK;
        for (int i = 0; i < head; i++) dst[dstOffset + i] = get(offset + i);
        long first = (offset + head) / CHUNK;
        for (int c = 0; c < whole; c++) decodeChunk(first + c, dst, dstOffset + head + c * CHUNK);
        for (int i = head + whole * CHUNK; i < n; i++) dst[dstOffset + i] = get(offset + i);
    }

    /** The scalar sum: no product reads a panel matrix this way (they go through the panel products and {@link #toFloats}). */
    @Override
    public final float dot(long offset, float[] x, int xOffset, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) sum += get(offset + i) * x[xOffset + i];
        return sum;
    }
}
