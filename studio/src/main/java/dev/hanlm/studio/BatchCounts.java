package dev.hanlm.studio;

/**
 * A batching backend's decode steps so far: {@code rows / steps} is their mean batch size, the figure that says how
 * much continuous batching is sharing the model's weight reads (and whether {@code --max-batch} is ever reached).
 *
 * @param steps   batched decode steps run, each one token of every generation running then
 * @param rows    tokens those steps decoded
 * @param running generations in the running batch now
 */
public record BatchCounts(long steps, long rows, int running) {}
