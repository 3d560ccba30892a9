package dev.hanlm.studio.keys;

/** A key's use in one hour, from {@code start} (epoch seconds): answered requests and the tokens of their usage. */
public record UsageBucket(long start, long requests, long promptTokens, long completionTokens) {}
