package dev.hanlm.engine.grad;

import dev.hanlm.engine.kernels.Ops;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The activations of one micro-batch of B sequences of T tokens, and GPT-2's forward and backward over them, as in
 * llm.c's {@code gpt2_forward} / {@code gpt2_backward}: every layer's output is kept for backward, and backward runs
 * the layers in reverse, each adding its parameters' gradients. The LM head and the loss are a {@link LossHead}.
 * Dropout masks are hashed from (seed, site, index):
 * site 0 is the embeddings, and block l uses 3l + 1 (attention probabilities), 3l + 2 and 3l + 3 (the two residual
 * branches).
 */
public final class TrainableGpt2 {
    private final Gpt2Shape shape;
    private final int batch, seqLen, rows, dim, vocab;

    // forward activations: [rows][dim] unless noted; per block where indexed by layer
    private final float[] encoded;
    private final float[][] ln1, ln1Mean, ln1Rstd, qkv, attY, att, attProj, residual2, ln2, ln2Mean, ln2Rstd, fc,
            fcGelu, fcProj, residual3;
    private final float[] lnf, lnfMean, lnfRstd;
    private final LossHead head;

    // backward buffers, made on the first backward; one block's worth, reused block after block
    private float[] dResidual, dA, dB, dQkv, dHidden;

    private int[] inputs, targets;
    private Dropout dropout;

    public TrainableGpt2(Gpt2Shape shape, int batch, int seqLen) {
        if (batch <= 0) throw new IllegalArgumentException("batch must be positive, not " + batch);
        if (seqLen <= 0 || seqLen > shape.contextLength()) {
            throw new IllegalArgumentException("seqLen must be in [1, " + shape.contextLength() + "], not " + seqLen);
        }
        this.shape = shape;
        this.batch = batch;
        this.seqLen = seqLen;
        this.rows = batch * seqLen;
        this.dim = shape.dModel();
        this.vocab = shape.vocabSize();
        int n = size(rows, dim), layers = shape.layers();
        encoded = new float[n];
        ln1 = new float[layers][n];
        ln1Mean = new float[layers][rows];
        ln1Rstd = new float[layers][rows];
        qkv = new float[layers][size(n, 3)];
        attY = new float[layers][n];
        att = new float[layers][size(size(batch, shape.heads()), size(seqLen, seqLen))];
        attProj = new float[layers][n];
        residual2 = new float[layers][n];
        ln2 = new float[layers][n];
        ln2Mean = new float[layers][rows];
        ln2Rstd = new float[layers][rows];
        fc = new float[layers][size(n, 4)];
        fcGelu = new float[layers][size(n, 4)];
        fcProj = new float[layers][n];
        residual3 = new float[layers][n];
        lnf = new float[n];
        lnfMean = new float[rows];
        lnfRstd = new float[rows];
        size(rows, vocab);
        head = new LossHead(rows, dim, vocab);
    }

    private static int size(int a, int b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("activations of " + a + " x " + b + " floats do not fit in an array");
        }
    }

    /**
     * Runs the model on {@code inputs} (B*T token ids, row-major) and returns the mean cross-entropy over the
     * positions whose target is >= 0 (NaN if none); with {@code targets == null} it computes logits only and
     * returns NaN.
     */
    public float forward(Gpt2Weights w, int[] inputs, int[] targets, Dropout dropout) {
        return forward(w, inputs, targets, dropout, null, null);
    }

    /**
     * As {@link #forward(Gpt2Weights, int[], int[], Dropout)}, letting {@code editEmbeddings} change the input
     * embeddings (B*T*D: token plus position embedding) before the first block: p-tuning writes its prompt's
     * embeddings there, and reads their gradient from {@link #embeddingsGradient()} after backward. With
     * {@code candidates}, the loss is over those tokens only (see {@link LossHead}).
     */
    public float forward(Gpt2Weights w, int[] inputs, int[] targets, Dropout dropout, Consumer<float[]> editEmbeddings,
                         int[] candidates) {
        check(w);
        checkIds("inputs", inputs, 0);
        if (targets != null) checkIds("targets", targets, -1);
        this.inputs = inputs.clone();
        this.targets = targets == null ? null : targets.clone();
        this.dropout = dropout;
        float[] p = w.values();
        int layers = shape.layers(), heads = shape.heads(), n = rows * dim;
        Embedding.forward(encoded, inputs, p, w.wte, w.wpe, seqLen, dim);
        if (editEmbeddings != null) editEmbeddings.accept(encoded);
        dropout.apply(encoded, n, 0);
        float[] residual = encoded;
        for (int l = 0; l < layers; l++) {
            Gpt2Weights.Block b = w.blocks[l];
            LayerNorm.forward(ln1[l], ln1Mean[l], ln1Rstd[l], residual, p, b.ln1Weight(), b.ln1Bias(), rows, dim);
            Linear.forward(qkv[l], ln1[l], p, b.qkvWeight(), b.qkvBias(), rows, dim, 3 * dim);
            CausalSelfAttention.forward(attY[l], att[l], qkv[l], batch, seqLen, heads, dim, dropout, 3L * l + 1);
            Linear.forward(attProj[l], attY[l], p, b.attnProjWeight(), b.attnProjBias(), rows, dim, dim);
            dropout.apply(attProj[l], n, 3L * l + 2);
            sum(residual2[l], residual, attProj[l]);
            LayerNorm.forward(ln2[l], ln2Mean[l], ln2Rstd[l], residual2[l], p, b.ln2Weight(), b.ln2Bias(), rows, dim);
            Linear.forward(fc[l], ln2[l], p, b.fcWeight(), b.fcBias(), rows, dim, 4 * dim);
            Gelu.forward(fcGelu[l], fc[l], 4 * n);
            Linear.forward(fcProj[l], fcGelu[l], p, b.fcProjWeight(), b.fcProjBias(), rows, 4 * dim, dim);
            dropout.apply(fcProj[l], n, 3L * l + 3);
            sum(residual3[l], residual2[l], fcProj[l]);
            residual = residual3[l];
        }
        LayerNorm.forward(lnf, lnfMean, lnfRstd, residual, p, w.lnfWeight, w.lnfBias, rows, dim);
        return head.forward(lnf, p, w.wte, targets, candidates);
    }

    /**
     * After a forward with targets: adds d(loss)/d(parameter) into {@code grads}, so micro-batches accumulate. With
     * {@code grads == null} the weights are frozen: only the gradient of the input embeddings is computed
     * ({@link #embeddingsGradient()}), which skips about half of the work.
     */
    public void backward(Gpt2Weights w, Gpt2Weights grads) {
        check(w);
        if (grads != null) check(grads);
        if (targets == null) throw new IllegalStateException("backward needs a forward with targets first");
        if (dResidual == null) {
            int n = rows * dim;
            dResidual = new float[n];
            dA = new float[n];
            dB = new float[n];
            dQkv = new float[3 * n];
            dHidden = new float[4 * n];
        }
        float[] p = w.values(), g = grads == null ? null : grads.values();
        int layers = shape.layers(), heads = shape.heads(), n = rows * dim;
        head.backward(dA, g, p, w.wte);
        Arrays.fill(dResidual, 0f);
        LayerNorm.backward(dResidual, g, dA, residual3[layers - 1], lnfMean, lnfRstd, p, w.lnfWeight, w.lnfBias, rows, dim);
        for (int l = layers - 1; l >= 0; l--) {
            Gpt2Weights.Block b = w.blocks[l];
            float[] residual = l == 0 ? encoded : residual3[l - 1];
            // dResidual holds d(residual3): it flows to residual2 unchanged and, through the dropout mask, into the MLP
            float[] dBranch = masked(dResidual, 3L * l + 3);
            Linear.backward(dHidden, g, dBranch, fcGelu[l], p, b.fcProjWeight(), b.fcProjBias(), rows, 4 * dim, dim);
            Gelu.backward(dHidden, fc[l], dHidden, 4 * n);
            Linear.backward(dA, g, dHidden, ln2[l], p, b.fcWeight(), b.fcBias(), rows, dim, 4 * dim);
            LayerNorm.backward(dResidual, g, dA, residual2[l], ln2Mean[l], ln2Rstd[l], p, b.ln2Weight(), b.ln2Bias(), rows, dim);
            // now d(residual2): likewise into the attention branch
            dBranch = masked(dResidual, 3L * l + 2);
            Linear.backward(dA, g, dBranch, attY[l], p, b.attnProjWeight(), b.attnProjBias(), rows, dim, dim);
            CausalSelfAttention.backward(dQkv, dA, qkv[l], att[l], batch, seqLen, heads, dim, dropout, 3L * l + 1);
            Linear.backward(dB, g, dQkv, ln1[l], p, b.qkvWeight(), b.qkvBias(), rows, dim, 3 * dim);
            LayerNorm.backward(dResidual, g, dB, residual, ln1Mean[l], ln1Rstd[l], p, b.ln1Weight(), b.ln1Bias(), rows, dim);
        }
        dropout.apply(dResidual, n, 0);
        if (g != null) Embedding.backward(g, w.wte, w.wpe, dResidual, inputs, seqLen, dim);
    }

    /** The gradient for a branch behind dropout: dResidual itself without dropout, else a masked copy in dB. */
    private float[] masked(float[] d, long site) {
        if (!dropout.active()) return d;
        System.arraycopy(d, 0, dB, 0, rows * dim);
        dropout.apply(dB, rows * dim, site);
        return dB;
    }

    /**
     * The logits of the last forward: B*T*V, or, when only some positions had targets, those positions' rows in order,
     * over the candidates if any (then followed by stale values).
     */
    public float[] logits() {
        return head.logits();
    }

    /**
     * After backward: d(loss)/d(input embeddings), B*T*D, for the values {@code editEmbeddings} saw (before
     * embedding dropout). Overwritten by the next backward.
     */
    public float[] embeddingsGradient() {
        if (dResidual == null) throw new IllegalStateException("no backward has run yet");
        return dResidual;
    }

    public int batch() {
        return batch;
    }

    public int seqLen() {
        return seqLen;
    }

    private static void sum(float[] out, float[] a, float[] b) {
        System.arraycopy(a, 0, out, 0, out.length);
        Ops.add(out, b, out.length);
    }

    private void check(Gpt2Weights w) {
        if (!w.shape().equals(shape)) throw new IllegalArgumentException("weights of " + w.shape() + " given to a model of " + shape);
    }

    private void checkIds(String what, int[] ids, int min) {
        if (ids.length != rows) {
            throw new IllegalArgumentException(what + " has " + ids.length + " ids, expected batch * seqLen = " + rows);
        }
        for (int id : ids) {
            if (id < min || id >= vocab) {
                throw new IllegalArgumentException(what + " holds id " + id + ", outside [" + min + ", " + vocab + ")");
            }
        }
    }
}
