package dev.hanlm.engine.kernels;

import static dev.hanlm.engine.kernels.DType.BLOCK;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A matrix quantized in blocks of 32 inputs along each row, exactly as {@link Q8Tensor} or {@link Q4Tensor} rounds
 * it, but stored in the {@link Matrix.Layout#PANELS} order for {@link PanelProducts}: elements are indexed as in any
 * panel-packed matrix, and each chunk of 512 of them (one panel's 16 rows by one block's 32 inputs) is one run of
 * quants followed by its 16 scales, a panel's chunks one after another. The panels are stored in four regions, panel
 * q of every group of four in region q ({@link #chunkAt}): the products of a run of groups then read four streams
 * that go on from group to group, where panels stored in order ended all four streams every group (GPT-2's q8 head,
 * 50,257 x 768, 1.23x faster from memory; 131,072 x 896 at q4 1.42x). A decode step sums each block's products for a
 * group of four panels' 64 rows at once (Q8 in eight float vectors, Q4 in four 16-bit integer ones) and scales the sums
 * once per block; a row-major tensor's dot
 * product keeps two sums in flight and decodes a scale per row and block: 1.25x slower from memory, 1.8x from cache
 * (one thread, {@code EngineBench kernels}). Storing a group's four chunks side by side, one run per block, ran 2x
 * slower from memory than a panel's chunks one after another, though faster in cache; the scales kept apart from the
 * quants, 1.12x slower from memory (though 1.1x faster in cache).
 * <p>
 * The chunks live on the Java heap, in one {@code int[]}, and the kernels load them with {@code IntVector.fromArray}.
 * Loaded from memory segments, the Q4 kernel ran 25-30% slower for the whole process once any code had mixed a
 * vector reinterpret with segment loads before it was compiled (a prompt's first prefill does): C2 then compiled the
 * loads with a virtual size check and boxed vectors. Loads from arrays share no such profile, and ran faster in cache
 * as well (docs/BENCHMARKS.md).
 * <p>
 * Needs {@code cols} a multiple of 32, 256-bit vectors and at most {@link #MAX_WORDS} ints ({@link #fits}). The
 * storage is padded with zero rows to whole groups of four panels, which the products read whole; {@link #size()}
 * counts whole panels, as for any panel-packed matrix.
 */
abstract sealed class QuantizedPanels extends Tensor permits Q8Panels, Q4Panels {
    static final VectorSpecies<Float> QF = FloatVector.SPECIES_256;
    static final VectorSpecies<Integer> QI = IntVector.SPECIES_256;
    static final int NR = Matrix.PANEL;
    /** Elements per chunk: one panel's rows by one block's inputs. */
    static final int CHUNK = NR * BLOCK;
    /** Rows the storage is padded to: the panels of one group of the products. */
    private static final int GROUP_ROWS = 4 * NR;
    /** The longest array the JVM makes; a larger matrix is quantized row by row, off the heap. */
    static final long MAX_WORDS = Integer.MAX_VALUE - 8;
    /** Ints of quants per chunk at the widest dtype (Q8, a byte per element): what {@link #fits} sizes for. */
    private static final int WIDEST_QUANT_WORDS = CHUNK / Integer.BYTES;

    /**
     * The chunks, each its quants (bytes packed little-endian into ints) and then its scales: 16 floats in row order
     * as their bits, the f16 values of llama.cpp's blocks held as f32 (2 bytes more per block) so that the products
     * load them as vectors with no conversion in the loop. A panel is one run of memory, scales included: with the
     * scales apart, a group's products read eight streams.
     */
    final int[] words;
    /** Ints of quants per chunk; the scales follow them. */
    private final int quantWords;
    /** Ints per chunk, scales included. */
    private final int chunkWords;
    final int cols;
    /** Blocks per row. */
    final int blocks;
    /** Groups of four panels, the last padded. */
    private final int groups;

    /** Rounds one block of 32 values into q (element order) and returns its f16 scale. */
    @FunctionalInterface
    interface BlockRounding {
        short round(float[] v, int offset, byte[] q);
    }

    /** Stores block values q of row {@code row} (within its panel) into the quants of the chunk at int {@code at}. */
    @FunctionalInterface
    interface Placement {
        void place(int[] words, int at, int row, byte[] q);
    }

    QuantizedPanels(int[] words, int quantWords, int rows, int cols) {
        super((long) Math.ceilDiv(rows, NR) * NR * cols);
        this.words = words;
        this.quantWords = quantWords;
        this.chunkWords = chunkWords(quantWords);
        this.cols = cols;
        this.blocks = cols / BLOCK;
        this.groups = Math.ceilDiv(rows, GROUP_ROWS);
    }

    /**
     * Where chunk {@code block} of panel {@code panel} is stored: panel q of every group in one region, group after
     * group, so that the products of consecutive groups read four streams that run on from group to group.
     */
    private static int storedChunk(int panel, int block, int groups, int blocks) {
        return (panel % 4 * groups + panel / 4) * blocks + block;
    }

    /** The stored chunk holding panel-packed element {@code offset} (on a chunk boundary). */
    final int chunkAt(long offset) {
        int chunk = (int) (offset / CHUNK);
        return storedChunk(chunk / blocks, chunk % blocks, groups, blocks);
    }

    /** Ints from a panel's chunk to the same chunk of the next panel in its group. */
    final int panelStep() {
        return groups * blocks * chunkWords;
    }

    /** Whether {@code m} can be stored this way here: whole blocks per row, 256-bit vectors, and one array's room. */
    static boolean fits(Matrix m) {
        return m.cols() % BLOCK == 0 && FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256
                && chunks(m) * chunkWords(WIDEST_QUANT_WORDS) <= MAX_WORDS;
    }

    /** Ints per chunk at {@code quantWords} of quants: the quants, then 16 f32 scales. */
    static int chunkWords(int quantWords) {
        return quantWords + NR;
    }

    /** Chunks of {@code m}'s storage, padded to whole groups of four panels. */
    private static long chunks(Matrix m) {
        return (long) Math.ceilDiv(m.rows(), GROUP_ROWS) * (GROUP_ROWS / NR) * (m.cols() / BLOCK);
    }

    /**
     * {@code m} with every block rounded into chunks of {@code quantWords} of quants and their scales; the padding
     * rows hold quants of zero, as placed, and scales of zero.
     */
    static int[] quantize(Matrix m, int quantWords, BlockRounding rounding, Placement placement) {
        int blocks = m.cols() / BLOCK, chunkWords = chunkWords(quantWords), groups = Math.ceilDiv(m.rows(), GROUP_ROWS);
        int[] words = new int[Math.toIntExact(chunks(m) * chunkWords)];
        // blocks come from several threads, but a thread has whole panels: no two write one int
        m.forEachBlock((b, v, o) -> {
            byte[] q = new byte[BLOCK];
            int row = (int) (b / blocks), chunk = storedChunk(row / NR, (int) (b % blocks), groups, blocks);
            words[chunk * chunkWords + quantWords + row % NR] = Float.floatToRawIntBits(Float.float16ToFloat(rounding.round(v, o, q)));
            placement.place(words, chunk * chunkWords, row % NR, q);
        });
        byte[] zero = new byte[BLOCK];
        for (int row = m.rows(), padded = groups * GROUP_ROWS; row < padded; row++) {
            for (int b = 0; b < blocks; b++) placement.place(words, storedChunk(row / NR, b, groups, blocks) * chunkWords, row % NR, zero);
        }
        return words;
    }

    /** Sets byte {@code at} of {@code words}, counted little-endian within each int. */
    static void setByte(int[] words, int at, int value) {
        int shift = 8 * (at & 3);
        words[at >> 2] = words[at >> 2] & ~(0xFF << shift) | (value & 0xFF) << shift;
    }

    /** Byte {@code at} of {@code words}, counted little-endian within each int, sign-extended. */
    static byte getByte(int[] words, int at) {
        return (byte) (words[at >> 2] >> 8 * (at & 3));
    }

    @Override
    public long byteSize() {
        return (long) words.length * Integer.BYTES;
    }

    /** Value j (0-31) of row {@code row} in the chunk at int {@code at}, unscaled. */
    abstract int quant(int at, int row, int j);

    /** Chunk {@code chunk} decoded into {@code dst[at ..]} in element order (input by input, 16 rows each). */
    abstract void decodeChunk(int chunk, float[] dst, int at);

    @Override
    public final float get(long index) {
        long panelSize = (long) cols * NR, panel = index / panelSize;
        int within = (int) (index % panelSize), col = within / NR, row = within % NR;
        int chunk = storedChunk((int) panel, col / BLOCK, groups, blocks);
        return Float.intBitsToFloat(words[chunk * chunkWords + quantWords + row]) * quant(chunk * chunkWords, row, col % BLOCK);
    }

    @Override
    public final void toFloats(long offset, float[] dst, int dstOffset, int n) {
        int head = (int) Math.min(n, Math.floorMod(-offset, CHUNK)), whole = (n - head) / CHUNK;
        for (int i = 0; i < head; i++) dst[dstOffset + i] = get(offset + i);
        int first = (int) ((offset + head) / CHUNK);
        for (int c = 0; c < whole; c++) decodeChunk(chunkAt((long) (first + c) * CHUNK), dst, dstOffset + head + c * CHUNK);
        for (int i = head + whole * CHUNK; i < n; i++) dst[dstOffset + i] = get(offset + i);
    }

    /** The scalar reference: no product reads a panel matrix this way (they go through the panel products and {@link #toFloats}). */
    @Override
    public final float dot(long offset, float[] x, int xOffset, int n) {
        return Reference.dot(this, offset, x, xOffset, n);
    }
}
