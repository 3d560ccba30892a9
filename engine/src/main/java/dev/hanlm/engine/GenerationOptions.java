package dev.hanlm.engine;

import java.util.List;

/**
 * How to generate. Build from {@link #defaults()} or {@link #forModel} and the {@code with} methods; every invalid
 * value is refused with an {@link EngineException} naming it.
 *
 * @param maxTokens         the most tokens to generate, at least 1 (generation also ends when the context is full)
 * @param temperature       0 for greedy decoding (always the most likely token), otherwise the divisor of the logits
 *                          before sampling
 * @param topK              keep only the k most likely tokens when sampling; 0 keeps all
 * @param topP              keep only the most likely tokens whose probabilities add up to p, in (0, 1]; 1 keeps all
 * @param repetitionPenalty the penalty for tokens already in the prompt or output (HF's multiplicative form, or
 *                          CLOVA Studio's {@code repeatPenalty} mapped onto it)
 * @param stop              texts that end the generation where they first appear in the output text (matched on the
 *                          decoded text, across token boundaries; the output ends before the stop sequence)
 * @param seed              the seed of the sampler's random generator; null draws one (the result reports it)
 * @param topLogprobs       how many of the most likely alternatives to report for each generated token, 0 or more
 * @param truncateLeft      when the prompt and {@code maxTokens} do not fit the context, drop the oldest prompt tokens
 *                          instead of refusing a prompt longer than the context; see {@link Generator}
 */
public record GenerationOptions(int maxTokens, double temperature, int topK, double topP,
                                RepetitionPenalty repetitionPenalty, List<String> stop, Long seed, int topLogprobs,
                                boolean truncateLeft) {
    public static final int DEFAULT_MAX_TOKENS = 256;

    public GenerationOptions {
        if (maxTokens < 1) throw new EngineException("max tokens " + maxTokens + " is not a positive number");
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new EngineException("temperature " + temperature + " is not a number of 0 (greedy) or more");
        }
        if (topK < 0) throw new EngineException("top-k " + topK + " is negative (0 keeps every token)");
        if (!(topP > 0 && topP <= 1)) throw new EngineException("top-p " + topP + " is outside (0, 1] (1 keeps every token)");
        if (repetitionPenalty == null) throw new EngineException("the repetition penalty is missing (use RepetitionPenalty.NONE)");
        stop = List.copyOf(stop);
        if (stop.stream().anyMatch(String::isEmpty)) throw new EngineException("a stop sequence is empty");
        if (topLogprobs < 0) throw new EngineException("top logprobs " + topLogprobs + " is negative");
    }

    /**
     * Sampling from the model as it is: {@value #DEFAULT_MAX_TOKENS} tokens at temperature 1, no top-k, top-p or
     * penalty, no stop sequence, a fresh seed, no alternatives, no truncation.
     */
    public static GenerationOptions defaults() {
        return new GenerationOptions(DEFAULT_MAX_TOKENS, 1, 0, 1, RepetitionPenalty.NONE, List.of(), null, 0, false);
    }

    /**
     * {@link #defaults()} overridden by what the model's {@code generation_config.json} sets: {@code do_sample: false}
     * means greedy, and {@code temperature}, {@code top_k}, {@code top_p}, {@code repetition_penalty} and
     * {@code max_new_tokens} replace the defaults they name.
     */
    public static GenerationOptions forModel(GenerationConfig config) {
        GenerationOptions o = defaults();
        if (config.maxNewTokens() != null && config.maxNewTokens() > 0) o = o.withMaxTokens(config.maxNewTokens());
        if (config.temperature() != null) o = o.withTemperature(config.temperature());
        if (Boolean.FALSE.equals(config.doSample())) o = o.withTemperature(0);
        if (config.topK() != null) o = o.withTopK(config.topK());
        if (config.topP() != null) o = o.withTopP(config.topP());
        if (config.repetitionPenalty() != null) o = o.withRepetitionPenalty(RepetitionPenalty.hf(config.repetitionPenalty()));
        return o;
    }

    public GenerationOptions withMaxTokens(int n) {
        return new GenerationOptions(n, temperature, topK, topP, repetitionPenalty, stop, seed, topLogprobs, truncateLeft);
    }

    public GenerationOptions withTemperature(double t) {
        return new GenerationOptions(maxTokens, t, topK, topP, repetitionPenalty, stop, seed, topLogprobs, truncateLeft);
    }

    public GenerationOptions withTopK(int k) {
        return new GenerationOptions(maxTokens, temperature, k, topP, repetitionPenalty, stop, seed, topLogprobs, truncateLeft);
    }

    public GenerationOptions withTopP(double p) {
        return new GenerationOptions(maxTokens, temperature, topK, p, repetitionPenalty, stop, seed, topLogprobs, truncateLeft);
    }

    public GenerationOptions withRepetitionPenalty(RepetitionPenalty penalty) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, penalty, stop, seed, topLogprobs, truncateLeft);
    }

    public GenerationOptions withStop(List<String> sequences) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, repetitionPenalty, sequences, seed, topLogprobs, truncateLeft);
    }

    public GenerationOptions withSeed(Long s) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, repetitionPenalty, stop, s, topLogprobs, truncateLeft);
    }

    public GenerationOptions withTopLogprobs(int n) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, repetitionPenalty, stop, seed, n, truncateLeft);
    }

    public GenerationOptions withTruncateLeft(boolean on) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, repetitionPenalty, stop, seed, topLogprobs, on);
    }
}
