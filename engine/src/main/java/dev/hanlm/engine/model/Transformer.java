package dev.hanlm.engine.model;

import dev.hanlm.engine.ModelConfig;

/** A decoder with its weights: runs tokens through the layers, extending a {@link State}'s KV cache. */
public sealed interface Transformer permits Gpt2, Llama {
    ModelConfig config();

    /**
     * A fresh sequence that can hold up to {@code contextLength} positions, whose input ids from {@code vocabSize} on
     * are virtual tokens: id {@code vocabSize + k} takes row k of {@code virtualEmbeddings} (rows of {@code hidden}
     * floats, possibly none) as its token embedding.
     */
    default State newState(int contextLength, float[] virtualEmbeddings) {
        return new State(config(), contextLength, virtualEmbeddings);
    }

    /**
     * Runs {@code tokens} at positions {@code pos .. pos + tokens.length - 1}, reading the cache below {@code pos}
     * and writing theirs. The caller checks the ids and the context length.
     *
     * @param logits       receives the logits of the last token ({@code vocabSize} floats) or, when
     *                     {@code allPositions}, of every token ({@code tokens.length * vocabSize}); null to only
     *                     fill the cache
     */
    void forward(State state, int[] tokens, int pos, float[] logits, boolean allPositions);

    /**
     * Runs one new token of each of several sequences in one pass (a decode step of continuous batching): token b at
     * position {@code positions[b]} of {@code sequences[b]}, whose cache holds the positions below it. Each weight is
     * read once for all the rows, and each row is computed exactly as a lone decode step computes it; attention is per
     * sequence. The caller checks the ids and the context lengths.
     *
     * @param batch  holds the step's activations: a state from {@link #newBatchState}
     * @param logits receives row b's logits at {@code b * vocabSize}
     */
    void decode(State batch, State[] sequences, int[] positions, int[] tokens, float[] logits);

    /** Activation buffers for {@link #decode}, without a cache of its own. */
    default State newBatchState() {
        return new State(config(), 0, new float[0]);
    }

    /** Bytes of weights one decode step reads (every matmul weight and the LM head): the memory-bandwidth cost. */
    long bytesPerToken();
}
