package dev.hanlm.engine;

/** Why a generation ended. */
public enum FinishReason {
    /** {@link GenerationOptions#maxTokens} tokens were generated, or the context is full. */
    LENGTH,
    /** The text reached one of the stop sequences (the text ends before it). */
    STOP,
    /** The model sampled one of the end-of-sequence ids of {@code generation_config.json}. */
    EOS
}
