package dev.hanlm.engine;

import java.util.List;

/**
 * One sampled token.
 *
 * @param id      the token id
 * @param logprob ln P(id | prompt and the tokens before it) under the model itself: the softmax at temperature 1 of
 *                the raw logits over the whole vocabulary, before repetition penalty, temperature, top-k or top-p
 * @param top     the most likely tokens of that same distribution, most likely first (as many as
 *                {@link GenerationOptions#topLogprobs} asks; empty for 0)
 */
public record GeneratedToken(int id, double logprob, List<TokenLogprob> top) {
    public GeneratedToken {
        top = List.copyOf(top);
    }
}
