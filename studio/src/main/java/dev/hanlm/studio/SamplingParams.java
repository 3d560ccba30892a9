package dev.hanlm.studio;

import dev.hanlm.engine.GenerationConfig;
import dev.hanlm.engine.GenerationOptions;
import dev.hanlm.engine.RepetitionPenalty;
import java.util.List;

/**
 * How to sample, in the API's terms. A null field was not given: the backend uses its model's default
 * ({@code generation_config.json} for a local model). Out-of-range values are refused naming the API field.
 *
 * @param maxTokens         the most tokens each choice may generate, at least 1
 * @param temperature       0 (greedy) to 2
 * @param topP              in (0, 1]; 1 keeps every token
 * @param topK              0 or more; 0 keeps every token
 * @param repetitionPenalty CLOVA Studio's repeat penalty, 0 (none) to 10: the Hugging Face factor {@code 1 + r / 50}
 * @param stop              texts that end a choice where they first appear (not part of its text)
 * @param seed              fixes the draws; choice i uses {@code seed + i}
 * @param logprobs          null for no log-probabilities, else how many most likely alternatives to list per token
 */
public record SamplingParams(Integer maxTokens, Double temperature, Double topP, Integer topK, Double repetitionPenalty,
                             List<String> stop, Long seed, Integer logprobs) {
    public static final int MAX_LOGPROBS = 20;

    public SamplingParams {
        if (maxTokens != null && maxTokens < 1) throw RequestException.invalid("max_tokens", "max_tokens is " + maxTokens + "; it must be at least 1");
        if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
            throw RequestException.invalid("temperature", "temperature is " + temperature + "; it must be from 0 (greedy) to 2");
        }
        if (topP != null && !(topP > 0 && topP <= 1)) throw RequestException.invalid("top_p", "top_p is " + topP + "; it must be above 0 and at most 1");
        if (topK != null && topK < 0) throw RequestException.invalid("top_k", "top_k is " + topK + "; it must be 0 (all tokens) or more");
        if (repetitionPenalty != null && !(repetitionPenalty >= 0 && repetitionPenalty <= 10)) {
            throw RequestException.invalid("repetition_penalty", "repetition_penalty is " + repetitionPenalty
                    + "; it is CLOVA Studio's repeat penalty, from 0 (none) to 10");
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
        if (stop.stream().anyMatch(String::isEmpty)) throw RequestException.invalid("stop", "a stop sequence is empty");
        if (logprobs != null && !(logprobs >= 0 && logprobs <= MAX_LOGPROBS)) {
            throw RequestException.invalid("logprobs", "logprobs asks for " + logprobs + " alternatives; it must be from 0 to " + MAX_LOGPROBS);
        }
    }

    /**
     * The engine's options for a local model: the values given over the model's own ({@code config}), with these stop
     * sequences and log-probabilities; the caller sets the max tokens (it depends on the prompt) and the seed (per choice).
     */
    public GenerationOptions options(GenerationConfig config) {
        GenerationOptions o = GenerationOptions.forModel(config);
        if (temperature != null) o = o.withTemperature(temperature);
        if (topP != null) o = o.withTopP(topP);
        if (topK != null) o = o.withTopK(topK);
        if (repetitionPenalty != null) o = o.withRepetitionPenalty(RepetitionPenalty.clova(repetitionPenalty));
        return o.withStop(stop).withTopLogprobs(logprobs == null ? 0 : logprobs);
    }

    /** Nothing given: every value is the model's default. */
    public static SamplingParams defaults() {
        return new SamplingParams(null, null, null, null, null, List.of(), null, null);
    }
}
