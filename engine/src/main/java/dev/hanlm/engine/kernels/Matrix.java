package dev.hanlm.engine.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A weight matrix of a linear layer, {@code y = W x} with W of {@code rows} outputs by {@code cols} inputs, over
 * a {@link Tensor} in one of the two layouts checkpoints use, or packed in panels for the products ({@link #toPanels}).
 *
 * @param values the elements
 * @param rows   output features
 * @param cols   input features
 * @param layout how the elements are ordered
 */
public record Matrix(Tensor values, int rows, int cols, Layout layout) {
    /** The element order of the underlying tensor. */
    public enum Layout {
        /** {@code [rows][cols]}: one output's weights are contiguous (PyTorch {@code nn.Linear}). */
        ROW_MAJOR,
        /** {@code [cols][rows]}: one input's weights are contiguous (HF GPT-2's {@code Conv1D}). */
        COLUMN_MAJOR,
        /**
         * {@code [panels][cols][PANEL]}: the rows in panels of {@link #PANEL}, each panel column after column, the
         * rows past the last zero. {@link Gemm} packs a weight this way, so it reads these panels as they are stored.
         */
        PANELS
    }

    /** Rows per panel of the {@link Layout#PANELS} layout: Gemm's register tile width. */
    public static final int PANEL = Gemm.NR;

    public Matrix {
        long stored = (long) (layout == Layout.PANELS ? Math.ceilDiv(rows, PANEL) * PANEL : rows) * cols;
        if (values.size() != stored) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " " + layout + " matrix over " + values.size() + " elements");
        }
    }

    /**
     * This matrix quantized to {@code dtype} (Q8_0 or Q4_0): in panels ({@link QuantizedPanels}, on the heap) where
     * its rows are whole blocks, else row by row in memory owned by {@code arena}.
     */
    public Matrix quantize(DType dtype, Arena arena) {
        boolean panels = QuantizedPanels.fits(this);
        Tensor q = switch (dtype) {
            case Q8_0 -> panels ? Q8Panels.quantize(this) : Q8Tensor.quantize(this, arena);
            case Q4_0 -> panels ? Q4Panels.quantize(this) : Q4Tensor.quantize(this, arena);
            default -> throw new IllegalArgumentException(dtype + " is not a quantization");
        };
        return new Matrix(q, rows, cols, panels ? Layout.PANELS : Layout.ROW_MAJOR);
    }

    /** W[row][col], read through the scalar reference {@link Tensor#get}. */
    public float get(int row, int col) {
        return values.get(switch (layout) {
            case ROW_MAJOR -> (long) row * cols + col;
            case COLUMN_MAJOR -> (long) col * rows + row;
            case PANELS -> ((long) (row / PANEL) * cols + col) * PANEL + row % PANEL;
        });
    }

    /**
     * This matrix packed in {@link Layout#PANELS} into {@code arena}, in its dtype (the values unchanged). A product then
     * reads each panel contiguously and sums every output over the inputs in order, in registers, for one input or
     * several alike ({@link PanelProducts}): no dot product per row to reduce across lanes, no panel to decode first.
     * The elements move as their raw bits, never decoded, so packing a checkpoint costs about a copy of it.
     */
    public Matrix toPanels(Arena arena) {
        DType dtype = values.dtype();
        if (dtype == DType.Q8_0 || dtype == DType.Q4_0) throw new IllegalArgumentException("a " + dtype + " matrix is not packed in panels");
        if (layout == Layout.PANELS) throw new IllegalArgumentException("the matrix is packed in panels already");
        // an element is one short (f16, bf16) or two (f32), copied in memory order, so every dtype moves alike
        int width = dtype == DType.F32 ? 2 : 1, panelShorts = PANEL * cols * width;
        int panels = Math.ceilDiv(rows, PANEL);
        MemorySegment source = values.elements();
        MemorySegment packed = NativeMemory.allocate(2L * panels * panelShorts, arena); // every byte is written below
        Parallel.forRange(panels, (from, to) -> {
            short[] panel = new short[panelShorts], band = layout == Layout.ROW_MAJOR ? new short[panelShorts] : null;
            for (int p = from; p < to; p++) {
                int r0 = p * PANEL, valid = Math.min(PANEL, rows - r0);
                if (valid < PANEL) Arrays.fill(panel, (short) 0); // rows past the last are zero
                if (layout == Layout.ROW_MAJOR) {
                    MemorySegment.copy(source, BITS, 2L * r0 * cols * width, band, 0, valid * cols * width);
                    transposeRows(band, valid, cols, width, panel);
                } else {
                    // column-major: a panel's values for input c are already contiguous
                    for (int c = 0; c < cols; c++) {
                        MemorySegment.copy(source, BITS, 2L * ((long) c * rows + r0) * width, panel, c * PANEL * width, valid * width);
                    }
                }
                if (dtype == DType.BF16) BF16Panels.pair(panel);
                MemorySegment.copy(panel, 0, packed, BITS, 2L * p * panelShorts, panelShorts);
            }
        });
        long size = (long) panels * PANEL * cols;
        return new Matrix(dtype == DType.BF16 ? BF16Panels.of(packed, size) : Tensor.of(dtype, packed, size), rows, cols, Layout.PANELS);
    }

    /** Raw 16-bit units in the machine's order: read and written alike, so the bytes move unchanged. */
    private static final ValueLayout.OfShort BITS = ValueLayout.JAVA_SHORT_UNALIGNED;

    /** {@code panel[c][r] = band[r][c]} for {@code r < rows}, elements of {@code width} shorts. */
    private static void transposeRows(short[] band, int rows, int cols, int width, short[] panel) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0, s = r * cols * width, d = r * width; c < cols; c++, s += width, d += PANEL * width) {
                panel[d] = band[s];
                if (width == 2) panel[d + 1] = band[s + 1];
            }
        }
    }

    /**
     * Feeds the matrix in row-major order as consecutive blocks of {@link DType#BLOCK}, the last one zero-padded.
     * Groups of 64 rows go to the {@link Parallel} pool (a group starts on a block boundary and on a boundary of two
     * blocks), so the consumer is called from several threads, once per block.
     */
    void forEachBlock(BlockConsumer consumer) {
        int groupRows = 64;
        Parallel.forRange(Math.ceilDiv(rows, groupRows), (from, to) -> {
            float[] group = new float[groupRows * cols + DType.BLOCK];
            float[] column = new float[groupRows];
            float[] panel = layout == Layout.PANELS ? new float[PANEL * cols] : null;
            for (int g = from; g < to; g++) {
                int r0 = g * groupRows, n = Math.min(groupRows, rows - r0);
                switch (layout) {
                    case ROW_MAJOR -> values.toFloats((long) r0 * cols, group, 0, n * cols);
                    case COLUMN_MAJOR -> {
                        for (int c = 0; c < cols; c++) {
                            values.toFloats((long) c * rows + r0, column, 0, n);
                            for (int r = 0; r < n; r++) group[r * cols + c] = column[r];
                        }
                    }
                    case PANELS -> {
                        // a group of 64 rows is whole panels (PANEL divides 64)
                        for (int p = 0; p * PANEL < n; p++) {
                            values.toFloats((long) (r0 / PANEL + p) * PANEL * cols, panel, 0, PANEL * cols);
                            for (int r = p * PANEL; r < Math.min(n, (p + 1) * PANEL); r++) {
                                for (int c = 0; c < cols; c++) group[r * cols + c] = panel[c * PANEL + r % PANEL];
                            }
                        }
                    }
                }
                int size = n * cols;
                Arrays.fill(group, size, size + DType.BLOCK, 0f);
                long firstBlock = (long) r0 * cols / DType.BLOCK;
                for (int b = 0; b * DType.BLOCK < size; b++) consumer.accept(firstBlock + b, group, b * DType.BLOCK);
            }
        });
    }

    interface BlockConsumer {
        /** Block {@code blockIndex} is {@code values[offset .. offset + BLOCK)}. */
        void accept(long blockIndex, float[] values, int offset);
    }
}
