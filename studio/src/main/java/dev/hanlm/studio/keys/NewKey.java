package dev.hanlm.studio.keys;

/** A key just made: its record, and its secret, which is shown this once and never stored. */
public record NewKey(ApiKey key, String secret) {}
