package dev.hanlm.cli;

import dev.hanlm.studio.prompt.StudioParameters;
import picocli.CommandLine.Option;

/** CLOVA Studio's generation settings as flags; what is not given comes from the application's defaults. */
final class StudioOptions {
    @Option(names = "--max-tokens", paramLabel = "N", description = "The most tokens to generate per output.")
    Integer maxTokens;

    @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature, 0 (greedy) to 2.")
    Double temperature;

    @Option(names = "--top-k", paramLabel = "K", description = "Sample from the K most likely tokens only (0: all).")
    Integer topK;

    @Option(names = "--top-p", paramLabel = "P", description = "Sample from the most likely tokens whose probabilities add up to P.")
    Double topP;

    @Option(names = "--repeat-penalty", paramLabel = "R", description = "CLOVA Studio's repeat penalty, 0..10.")
    Double repeatPenalty;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the draws (default: ${DEFAULT-VALUE}): the same seed gives the same outputs.")
    long seed = 1;

    /** {@code defaults} overridden by the flags given. */
    StudioParameters over(StudioParameters defaults) {
        return new StudioParameters(maxTokens != null ? maxTokens : defaults.maxTokens(), temperature != null ? temperature : defaults.temperature(),
                topK != null ? topK : defaults.topK(), topP != null ? topP : defaults.topP(),
                repeatPenalty != null ? repeatPenalty : defaults.repeatPenalty(), defaults.stopBefore(), defaults.injectStartText(),
                defaults.injectRestartText(), seed);
    }
}
