package dev.hanlm.engine;

/** Receives a generation as it happens, for streaming. */
@FunctionalInterface
public interface GenerationListener {
    GenerationListener NONE = (token, text) -> {};

    /**
     * Called once per sampled token, in order. {@code text} is the text that became final with this token, possibly
     * empty: text is held back while it ends in half a UTF-8 character (a byte-level token may carry part of one) or
     * while its end could be the start of a stop sequence, and released with a later token. The texts of all calls
     * concatenated are exactly {@link GenerationResult#text}; none of them holds any part of a stop sequence that
     * ended the generation. Without a tokenizer every text is empty.
     */
    void onToken(GeneratedToken token, String text);
}
