package dev.hanlm.engine;

/**
 * A token and its natural log-probability.
 *
 * @param id      the token id
 * @param logprob ln P(id | the tokens before it), from the softmax at temperature 1 over the whole vocabulary
 */
public record TokenLogprob(int id, double logprob) {}
