package dev.hanlm.train.data;

import dev.hanlm.train.TrainingException;

/**
 * How {@link CorpusPreparer} turns corpus files into token shards.
 *
 * @param shardTokens the most tokens in one shard (a document is never split, so a longer one gets its own)
 * @param megatron    also write Megatron-LM's indexed dataset (.bin + .idx) for each split
 * @param textField   the text field of JSONL inputs
 */
public record PrepareConfig(CleaningSettings cleaning, ValidationSplit split, long shardTokens, boolean megatron, String textField) {
    public static final long DEFAULT_SHARD_TOKENS = 100_000_000L;

    public PrepareConfig {
        if (shardTokens < 1) throw new TrainingException("--shard-tokens must be at least 1, not " + shardTokens);
    }

    /** The settings as JSON (the manifest's field names), for handing to another driver process. */
    public String toJson() {
        try {
            return Manifest.JSON.writeValueAsString(this);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static PrepareConfig fromJson(String json) {
        try {
            return Manifest.JSON.readValue(json, PrepareConfig.class);
        } catch (java.io.IOException e) {
            throw new TrainingException("the preparation settings are not valid JSON: " + e.getMessage(), e);
        }
    }

    public static PrepareConfig defaults() {
        return new PrepareConfig(CleaningSettings.DEFAULTS, new ValidationSplit(0.01), DEFAULT_SHARD_TOKENS, false, "text");
    }
}
