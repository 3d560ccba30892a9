package dev.hanlm.engine;

import java.util.List;

/**
 * What a generation produced.
 *
 * @param prompt          the prompt ids the model ran (after left truncation, if any)
 * @param truncatedTokens how many tokens left truncation dropped from the start of the prompt
 * @param tokens          every sampled token in order; when the model ended with an end-of-sequence id, that id is
 *                        the last one (it adds no text)
 * @param text            the decoded text of the tokens, cut before a stop sequence that ended the generation; null
 *                        when the model has no tokenizer
 * @param finishReason    why the generation ended
 * @param seed            the seed the sampler used: passing it again reproduces the tokens
 */
public record GenerationResult(int[] prompt, int truncatedTokens, List<GeneratedToken> tokens, String text,
                               FinishReason finishReason, long seed) {
    public GenerationResult {
        tokens = List.copyOf(tokens);
    }

    /** The sampled token ids. */
    public int[] ids() {
        return tokens.stream().mapToInt(GeneratedToken::id).toArray();
    }

    /** The natural log-probability of each sampled token. */
    public double[] logprobs() {
        return tokens.stream().mapToDouble(GeneratedToken::logprob).toArray();
    }
}
