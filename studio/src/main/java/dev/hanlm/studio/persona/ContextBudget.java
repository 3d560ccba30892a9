package dev.hanlm.studio.persona;

import java.util.function.ToIntFunction;

/**
 * How much text a prompt may hold: the model's context in tokens, and how to count a text's tokens (the model's own
 * tokenizer for a local model; for a remote one, its characters, which Korean BPE tokenizers do not exceed).
 */
public record ContextBudget(int contextTokens, ToIntFunction<String> tokens) {
    public ContextBudget {
        if (contextTokens < 1) throw new IllegalArgumentException("the context must hold at least 1 token, not " + contextTokens);
    }

    /** A remote model's budget: each character counted as a token, which overestimates and so never overflows. */
    public static ContextBudget characters(int contextTokens) {
        return new ContextBudget(contextTokens, String::length);
    }
}
