package dev.hanlm.engine;

/**
 * The score of one continuation of a shared prefix.
 *
 * @param logprobs {@code logprobs[i]} = ln P(continuation[i] | prefix, continuation[&lt;i])
 * @param sum      the sum of {@code logprobs}: ln P(continuation | prefix); 0 for an empty continuation
 * @param greedy   whether every token of the continuation is the most likely one at its position (what greedy
 *                 decoding would have produced; lm-evaluation-harness's {@code is_greedy})
 */
public record ContinuationScore(double[] logprobs, double sum, boolean greedy) {}
