package dev.hanlm.engine;

/**
 * The architecture and sizes of a model, read from its {@code config.json}.
 *
 * @param architecture     the decoder family
 * @param vocabSize        rows of the token embedding and of the logits
 * @param hiddenSize       width of the residual stream
 * @param layers           number of decoder blocks
 * @param heads            query heads
 * @param kvHeads          key/value heads ({@code heads} for GPT-2; fewer for grouped-query attention)
 * @param headDim          width of one head
 * @param intermediateSize width of the MLP's hidden layer
 * @param contextLength    the most positions the model was built for ({@code n_positions},
 *                         {@code max_position_embeddings})
 * @param normEps          epsilon of LayerNorm / RMSNorm
 * @param tiedEmbeddings   whether the LM head reuses the token embedding
 * @param ropeTheta        base of the rotary frequencies (Llama; 0 for GPT-2)
 * @param ropeScaling      the rotary scaling, or null when there is none
 */
public record ModelConfig(Architecture architecture, int vocabSize, int hiddenSize, int layers, int heads,
                          int kvHeads, int headDim, int intermediateSize, int contextLength, float normEps,
                          boolean tiedEmbeddings, double ropeTheta, RopeScaling ropeScaling) {

    /** Width of all query heads together. */
    public int queryDim() {
        return heads * headDim;
    }

    /** Width of all key (or value) heads together: one position's row in the KV cache. */
    public int kvDim() {
        return kvHeads * headDim;
    }
}
