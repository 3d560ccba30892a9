package dev.hanlm.engine.grad;

import java.util.Arrays;

/**
 * The LM head ({@code [vocab][dim]} weights, row-major at an offset of a parameter array) and the mean cross-entropy
 * over it, for {@code rows} positions. Two savings for p-tuning, where only the answer positions have targets:
 * <ul>
 *   <li>when some rows have no target, the head runs on the others alone (it costs about as much per row as the
 *       blocks);</li>
 *   <li>with {@code candidates} (a classifier's single-token verbalizers), the softmax is over those tokens only:
 *       the loss of choosing among the labels, as PET trains, instead of the whole vocabulary.</li>
 * </ul>
 */
final class LossHead {
    private final int rows, dim, vocab;
    private final float[] lse;
    /** [n][width], grown on demand: p-tuning's few answer rows over two verbalizers need little of rows x vocab. */
    private float[] logits = new float[0], dLogits = new float[0];
    /** The head weights' gradient, transposed ([dim][width]), before it is added into the caller's (over many rows). */
    private float[] dWeightsT = new float[0];
    /** What the head ran on: the caller's rows, or the gathered rows with targets. */
    private float[] input;
    private float[] gatheredInput, dGathered, candidateWeights, candidateGrads;
    private int[] targets, headTargets, candidates;
    /** Rows the head ran on, the softmax's width, and the rows with a target (the loss's denominator). */
    private int n, width, counted;
    private boolean gathered;

    LossHead(int rows, int dim, int vocab) {
        this.rows = rows;
        this.dim = dim;
        this.vocab = vocab;
        this.lse = new float[rows];
    }

    /**
     * The mean cross-entropy of the rows of {@code x} ([rows][dim]) whose target is >= 0 (NaN if none); with
     * {@code targets == null}, only every row's logits (NaN). Every target must be one of {@code candidates} when
     * they are given. {@code x} must not change before {@link #backward}.
     */
    float forward(float[] x, float[] p, int weight, int[] targets, int[] candidates) {
        if (candidates != null && targets == null) throw new IllegalArgumentException("candidates need targets");
        this.targets = targets == null ? null : targets.clone();
        this.candidates = candidates;
        counted = targets == null ? 0 : (int) Arrays.stream(targets).filter(t -> t >= 0).count();
        gathered = counted > 0 && counted < rows;
        n = gathered ? counted : rows;
        width = candidates == null ? vocab : candidates.length;
        input = x;
        headTargets = this.targets;
        if (gathered) gatherTargetRows(x);
        if (candidates != null) gatherCandidates(p, weight);
        if (logits.length < n * width) logits = new float[n * width];
        if (candidates == null) TiedHead.forward(logits, input, p, weight, n, dim, vocab);
        else TiedHead.forward(logits, input, candidateWeights, 0, n, dim, width);
        return targets == null ? Float.NaN : CrossEntropy.forward(lse, logits, headTargets, n, width);
    }

    /** input / headTargets = the rows of x / targets whose target is >= 0, in order. */
    private void gatherTargetRows(float[] x) {
        if (gatheredInput == null) gatheredInput = new float[rows * dim];
        int[] compact = new int[n];
        for (int r = 0, k = 0; r < rows; r++) {
            if (targets[r] < 0) continue;
            System.arraycopy(x, r * dim, gatheredInput, k * dim, dim);
            compact[k++] = targets[r];
        }
        input = gatheredInput;
        headTargets = compact;
    }

    /** candidateWeights = the head rows of the candidates; headTargets become indices among them. */
    private void gatherCandidates(float[] p, int weight) {
        candidateWeights = new float[width * dim];
        candidateGrads = new float[width * dim];
        for (int c = 0; c < width; c++) System.arraycopy(p, weight + candidates[c] * dim, candidateWeights, c * dim, dim);
        int[] mapped = headTargets.clone();
        for (int i = 0; i < mapped.length; i++) {
            if (mapped[i] < 0) continue;
            int at = -1;
            for (int c = 0; c < width && at < 0; c++) if (candidates[c] == mapped[i]) at = c;
            if (at < 0) throw new IllegalArgumentException("target " + mapped[i] + " is not one of the candidates " + Arrays.toString(candidates));
            mapped[i] = at;
        }
        headTargets = mapped;
    }

    /** After forward: writes d(loss)/d(x) into {@code dx}, and adds the head weights' gradient into {@code grads} unless null. */
    void backward(float[] dx, float[] grads, float[] p, int weight) {
        if (targets == null) throw new IllegalStateException("backward needs a forward with targets first");
        if (dLogits.length < n * width) dLogits = new float[n * width];
        if (grads != null && TiedHead.needsTransposed(n) && dWeightsT.length < dim * width) dWeightsT = new float[dim * width];
        if (gathered && dGathered == null) dGathered = new float[rows * dim];
        CrossEntropy.backward(dLogits, logits, lse, headTargets, n, width, counted == 0 ? 0f : 1f / counted);
        float[] dIn = gathered ? dGathered : dx;
        if (candidates == null) {
            TiedHead.backward(dIn, grads, dLogits, input, p, weight, n, dim, vocab, dWeightsT);
        } else {
            if (grads != null) Arrays.fill(candidateGrads, 0f);
            TiedHead.backward(dIn, grads == null ? null : candidateGrads, dLogits, input, candidateWeights, 0, n, dim, width, dWeightsT);
            if (grads != null) {
                for (int c = 0; c < width; c++) {
                    for (int i = 0; i < dim; i++) grads[weight + candidates[c] * dim + i] += candidateGrads[c * dim + i];
                }
            }
        }
        if (gathered) {
            Arrays.fill(dx, 0f);
            for (int r = 0, k = 0; r < rows; r++) {
                if (targets[r] >= 0) System.arraycopy(dGathered, k++ * dim, dx, r * dim, dim);
            }
        }
    }

    /** The logits of the last forward: [rows][vocab], or the rows with targets in order, over the candidates if any. */
    float[] logits() {
        return logits;
    }
}
