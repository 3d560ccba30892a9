package dev.hanlm.engine.model;

import dev.hanlm.engine.ModelConfig;
import dev.hanlm.engine.kernels.Ops;
import dev.hanlm.engine.kernels.Tensor;

/**
 * What one sequence needs while it runs: its {@link KvCache} and the activation buffers of a forward pass, sized for
 * the largest number of tokens passed at once so far (llama3.java's {@code State}).
 */
public final class State {
    final ModelConfig config;
    final KvCache cache;
    int tokens;
    /** The residual stream, [n][hidden]. */
    float[] x;
    /** Normalized input to a sublayer, or the attention output: [n][max(hidden, heads * headDim)]. */
    float[] xb;
    /** A sublayer's output before it joins the residual stream: [n][hidden]. */
    float[] xb2;
    /** Queries; GPT-2's fused q | k | v rows: [n][heads * headDim + 2 * kvDim]. */
    float[] q;
    /** Llama's keys and values of the new tokens: [n][kvDim]. */
    float[] k;
    float[] v;
    /** The MLP's hidden layer (the gate for SwiGLU) and its up projection: [n][intermediate]. */
    float[] hb;
    float[] hb2;
    /** Rotary cos/sin of the new positions: [n][headDim / 2]. */
    float[] cos;
    float[] sin;

    /** Token embeddings of the virtual ids vocabSize, vocabSize + 1, ...: [k][hidden]. */
    private final float[] virtualEmbeddings;

    State(ModelConfig config, int contextLength, float[] virtualEmbeddings) {
        this.config = config;
        this.cache = new KvCache(config.layers(), config.kvDim(), contextLength);
        this.virtualEmbeddings = virtualEmbeddings;
    }

    /** x = the token embedding of each id, from {@code table} or, for a virtual id, from the virtual rows. */
    void embed(Tensor table, int[] ids) {
        Ops.embedding(x, table, config.hiddenSize(), ids, config.vocabSize(), virtualEmbeddings);
    }

    /**
     * Row b of x = the token embedding of {@code ids[b]} as sequence b sees it (with its own virtual tokens): the
     * input of a batched decode step, whose activations this state holds.
     */
    void embedEach(Tensor table, int[] ids, State[] sequences) {
        int dim = config.hiddenSize();
        float[] row = new float[dim];
        for (int b = 0; b < ids.length; b++) {
            Ops.embedding(row, table, dim, new int[] {ids[b]}, config.vocabSize(), sequences[b].virtualEmbeddings);
            System.arraycopy(row, 0, x, b * dim, dim);
        }
    }

    /** Positions the cache can hold. */
    public int contextLength() {
        return cache.capacity();
    }

    /** Sizes the buffers for n tokens and the cache for positions up to pos + n. */
    void reserve(int pos, int n) {
        cache.reserve(pos + n);
        reserveRows(n);
    }

    /** Sizes the activation buffers for n tokens. */
    void reserveRows(int n) {
        if (n <= tokens) return;
        ModelConfig c = config;
        x = new float[n * c.hiddenSize()];
        xb = new float[n * Math.max(c.hiddenSize(), c.queryDim())];
        xb2 = new float[n * c.hiddenSize()];
        q = new float[n * (c.queryDim() + 2 * c.kvDim())];
        k = new float[n * c.kvDim()];
        v = new float[n * c.kvDim()];
        hb = new float[n * c.intermediateSize()];
        hb2 = new float[n * c.intermediateSize()];
        cos = new float[n * c.headDim() / 2];
        sin = new float[n * c.headDim() / 2];
        tokens = n;
    }
}
