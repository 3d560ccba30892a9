package dev.hanlm.studio.prompt;

import dev.hanlm.engine.GenerationConfig;
import dev.hanlm.engine.GenerationOptions;
import dev.hanlm.studio.SamplingParams;
import java.util.ArrayList;
import java.util.List;

/**
 * The playground's generation settings with CLOVA Studio's names and defaults (max tokens 32, temperature 0.5, top-k 0,
 * top-p 0.8, repeat penalty 5.0), plus stop sequences, the inject texts and a seed. Null fields take those defaults.
 *
 * @param maxTokens         the most tokens to generate
 * @param temperature       0 (greedy) to 2
 * @param topK              0 keeps every token
 * @param topP              in (0, 1]
 * @param repeatPenalty     CLOVA's repeat penalty, 0 to 10
 * @param stopBefore        texts that end the output (CLOVA's {@code stopBefore}); the prompt's own stops are added
 * @param injectStartText   text put before the output, which it begins
 * @param injectRestartText text added after an output that ended by itself, ready for the next input
 * @param seed              fixes the draws; null for a fresh draw each run
 */
public record StudioParameters(Integer maxTokens, Double temperature, Integer topK, Double topP, Double repeatPenalty,
                               List<String> stopBefore, String injectStartText, String injectRestartText, Long seed) {
    public static final int MAX_TOKENS = 32;
    public static final double TEMPERATURE = 0.5;
    public static final int TOP_K = 0;
    public static final double TOP_P = 0.8;
    public static final double REPEAT_PENALTY = 5.0;

    public StudioParameters {
        if (maxTokens == null) maxTokens = MAX_TOKENS;
        if (temperature == null) temperature = TEMPERATURE;
        if (topK == null) topK = TOP_K;
        if (topP == null) topP = TOP_P;
        if (repeatPenalty == null) repeatPenalty = REPEAT_PENALTY;
        stopBefore = stopBefore == null ? List.of() : List.copyOf(stopBefore);
        if (injectStartText == null) injectStartText = "";
        if (injectRestartText == null) injectRestartText = "";
    }

    /** CLOVA Studio's defaults. */
    public static StudioParameters defaults() {
        return new StudioParameters(null, null, null, null, null, null, null, null, null);
    }

    /**
     * The sampling a backend takes, with {@code promptStops} (a {@link PromptSpec}'s) after the user's own;
     * {@code logprobs} alternatives per token, or null for none. Out-of-range values are refused by {@link SamplingParams}.
     */
    public SamplingParams sampling(List<String> promptStops, Integer logprobs) {
        List<String> stops = new ArrayList<>(stopBefore);
        for (String s : promptStops) if (!stops.contains(s)) stops.add(s);
        return new SamplingParams(maxTokens, temperature, topP, topK, repeatPenalty, stops, seed, logprobs);
    }

    /**
     * The engine's options for a prompt that goes straight to a local model, not through a backend (a tuned prompt's
     * virtual tokens): these settings over the model's {@code config}, with {@code promptStops} after the user's own.
     */
    public GenerationOptions generation(GenerationConfig config, List<String> promptStops) {
        return sampling(promptStops, null).options(config).withMaxTokens(maxTokens).withSeed(seed);
    }
}
