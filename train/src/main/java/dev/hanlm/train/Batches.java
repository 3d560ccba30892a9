package dev.hanlm.train;

import dev.hanlm.train.data.TokenDataset;
import java.util.SplittableRandom;

/**
 * Cuts a token stream into rows of {@code seqLen} inputs and the same shifted by one as targets. Training rows start
 * at random positions (as nanoGPT samples them, so every source of a mixed corpus shows up from the first step),
 * drawn from a generator seeded by the run's seed, the update and the micro-batch: the data order follows from the
 * seed and the step alone, and a resumed run reads exactly the rows the uninterrupted run would have read.
 * Validation rows are read in order from the start of the split, the same rows at every measurement.
 */
final class Batches {
    private final TokenDataset data;
    private final int batchSize, seqLen;
    private final int[] row;

    Batches(TokenDataset data, int batchSize, int seqLen) {
        if (data.size() < seqLen + 1L) {
            throw new TrainingException("the data has " + data.size() + " tokens, fewer than one sequence of seq_len + 1 = " + (seqLen + 1));
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seqLen = seqLen;
        this.row = new int[seqLen + 1];
    }

    /** Fills {@code inputs} and {@code targets} ({@code batchSize * seqLen} each) with rows at random positions. */
    void random(long seed, int step, int micro, int[] inputs, int[] targets) {
        SplittableRandom r = stream(seed, step, micro);
        for (int b = 0; b < batchSize; b++) fill(r.nextLong(data.size() - seqLen), b, inputs, targets);
    }

    /** The generator of one micro-batch of one update: everything random in training is drawn from it. */
    static SplittableRandom stream(long seed, int step, int micro) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + ((long) step << 20) + micro);
    }

    /** Fills the rows of micro-batch {@code index} of the stream read in order (wrapping at its end). */
    void sequential(long index, int[] inputs, int[] targets) {
        long rows = (data.size() - 1) / seqLen;
        for (int b = 0; b < batchSize; b++) fill((index * batchSize + b) % rows * seqLen, b, inputs, targets);
    }

    /** Micro-batches in the stream read in order, at least 1. */
    long sequentialBatches() {
        return Math.max(1, (data.size() - 1) / seqLen / batchSize);
    }

    private void fill(long position, int b, int[] inputs, int[] targets) {
        data.read(position, row, 0, seqLen + 1);
        System.arraycopy(row, 0, inputs, b * seqLen, seqLen);
        System.arraycopy(row, 1, targets, b * seqLen, seqLen);
    }
}
