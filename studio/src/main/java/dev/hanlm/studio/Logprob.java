package dev.hanlm.studio;

/**
 * A token and its natural log-probability, in the API's terms.
 *
 * @param token   the token's text (bytes that are only part of a character written as {@code <0xXX>})
 * @param bytes   the UTF-8 bytes the token stands for
 * @param logprob ln P(token | what came before) under the model, at temperature 1
 */
public record Logprob(String token, byte[] bytes, double logprob) {}
