package dev.hanlm.engine.kernels;

/**
 * A weight matrix of a linear layer, {@code y = W x} with W of {@code rows} outputs by {@code cols} inputs, over
 * a {@link Tensor} in one of the two layouts checkpoints use.
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
        COLUMN_MAJOR
    }

    public Matrix {
        if (values.size() != (long) rows * cols) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix over " + values.size() + " elements");
        }
    }

    /** W[row][col], read through the scalar reference {@link Tensor#get}. */
    public float get(int row, int col) {
        return values.get(layout == Layout.ROW_MAJOR ? (long) row * cols + col : (long) col * rows + row);
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
            for (int g = from; g < to; g++) {
                int r0 = g * groupRows, n = Math.min(groupRows, rows - r0);
                if (layout == Layout.ROW_MAJOR) {
                    values.toFloats((long) r0 * cols, group, 0, n * cols);
                } else {
                    for (int c = 0; c < cols; c++) {
                        values.toFloats((long) c * rows + r0, column, 0, n);
                        for (int r = 0; r < n; r++) group[r * cols + c] = column[r];
                    }
                }
                int size = n * cols;
                java.util.Arrays.fill(group, size, size + DType.BLOCK, 0f);
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
