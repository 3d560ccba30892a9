package dev.hanlm.cli;

import dev.hanlm.engine.GenerationOptions;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.engine.RepetitionPenalty;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Sampling flags shared by generate and chat; what is not given comes from the model's generation_config.json. */
final class SamplingOptions {
    @Option(names = "--max-tokens", paramLabel = "N", description = "The most tokens to generate (default: the model's max_new_tokens, else "
            + GenerationOptions.DEFAULT_MAX_TOKENS + ").")
    Integer maxTokens;

    @ArgGroup(exclusive = true)
    Temperature temperature;

    @Option(names = "--top-k", paramLabel = "K", description = "Sample from the K most likely tokens only (0: all).")
    Integer topK;

    @Option(names = "--top-p", paramLabel = "P", description = "Sample from the most likely tokens whose probabilities add up to P (1: all).")
    Double topP;

    @ArgGroup(exclusive = true)
    Penalty penalty;

    @Option(names = "--stop", paramLabel = "TEXT", description = "End the text before TEXT (repeatable).")
    List<String> stop = List.of();

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the sampler: the same seed gives the same tokens.")
    Long seed;

    static final class Temperature {
        @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature; 0 is greedy (default: the model's, else 1).")
        Double value;

        @Option(names = "--greedy", description = "Always take the most likely token (temperature 0).")
        boolean greedy;
    }

    static final class Penalty {
        @Option(names = "--repetition-penalty", paramLabel = "X",
                description = "Hugging Face's repetition penalty: logits of tokens already seen are divided (if positive) or multiplied by X; 1 is none.")
        Double hf;

        @Option(names = "--repeat-penalty", paramLabel = "R",
                description = "CLOVA Studio's repeatPenalty, 0..10 (5 in CLOVA Studio): the repetition penalty 1 + R/50.")
        Double clova;
    }

    /** The model's defaults overridden by the flags given. */
    GenerationOptions options(LanguageModel model) {
        GenerationOptions o = GenerationOptions.forModel(model.generationConfig());
        if (maxTokens != null) o = o.withMaxTokens(maxTokens);
        if (temperature != null) o = o.withTemperature(temperature.greedy ? 0 : temperature.value);
        if (topK != null) o = o.withTopK(topK);
        if (topP != null) o = o.withTopP(topP);
        if (penalty != null) {
            o = o.withRepetitionPenalty(penalty.hf != null ? RepetitionPenalty.hf(penalty.hf) : RepetitionPenalty.clova(penalty.clova));
        }
        return o.withStop(stop).withSeed(seed);
    }
}
