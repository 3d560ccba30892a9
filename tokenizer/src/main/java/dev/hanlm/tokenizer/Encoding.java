package dev.hanlm.tokenizer;

/**
 * Token ids with the span each covers in {@code normalized} (the normalized text, with added tokens in
 * place), as UTF-16 offsets. A byte-level token that holds part of a character covers that whole character.
 */
public record Encoding(int[] ids, int[] starts, int[] ends, String normalized) {}
