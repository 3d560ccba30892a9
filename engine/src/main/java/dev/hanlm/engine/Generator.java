package dev.hanlm.engine;

import dev.hanlm.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates text with a model. One step: the raw logits give the token's log-probability; the repetition penalty
 * changes a copy; the {@link Sampler} picks the token; its text goes through UTF-8-safe streaming and the stop
 * sequences; the token runs through the model for the next logits. Generation ends at an end-of-sequence id of
 * {@code generation_config.json} ({@link FinishReason#EOS}), at a stop sequence ({@link FinishReason#STOP}), or after
 * {@code maxTokens} tokens or when the context is full ({@link FinishReason#LENGTH}).
 *
 * <p>A prompt longer than the context is refused. With {@link GenerationOptions#truncateLeft}, a prompt that with
 * {@code maxTokens} does not fit the context keeps only its last {@code max(context - maxTokens, ceil(context / 2))}
 * tokens (room for all new tokens, but never less than half the context of prompt).
 *
 * <p>The seed fixes the draws: the same prompt, options and seed give the same tokens. The KV cache is kept between
 * calls and a prompt that starts like the previous call's prompt and output runs only the rest (a chat's history is
 * not recomputed). {@link #start} gives a generation to advance token by token instead, for continuous batching. A
 * generator is used by one thread at a time.
 */
public final class Generator {
    private final LanguageModel model;
    private final CachedSession session;
    private final Tokenizer tokenizer;
    private final List<Integer> eos;

    public Generator(LanguageModel model) {
        this.model = model;
        this.session = new CachedSession(model);
        this.tokenizer = model.tokenizer().orElse(null);
        this.eos = model.generationConfig().eosTokenIds();
    }

    /** Encodes {@code prompt} as Hugging Face's {@code tokenizer(text)} does (with the post-processor's BOS, if any) and generates. */
    public GenerationResult generate(String prompt, GenerationOptions options, GenerationListener listener) {
        if (tokenizer == null) throw noTokenizer("encode a text prompt");
        return generate(tokenizer.encode(prompt, true), options, listener);
    }

    public GenerationResult generate(int[] prompt, GenerationOptions options) {
        return generate(prompt, options, GenerationListener.NONE);
    }

    public GenerationResult generate(int[] prompt, GenerationOptions options, GenerationListener listener) {
        Generation generation = start(prompt, options, listener);
        while (generation.next()) generation.decode();
        return generation.result();
    }

    /**
     * Runs the prompt into this generator's cache and returns the generation, for its caller to advance token by
     * token (with other generations in a {@link BatchDecoder}, say). The generator holds one generation at a time:
     * starting another abandons the one before.
     */
    public Generation start(int[] prompt, GenerationOptions options, GenerationListener listener) {
        if (prompt.length == 0) throw new EngineException("the prompt is empty: give at least one token");
        if (tokenizer == null && !options.stop().isEmpty()) throw noTokenizer("match stop sequences");
        session.checkIds(prompt);
        int[] ids = fitToContext(prompt, options);
        long seed = options.seed() != null ? options.seed() : ThreadLocalRandom.current().nextLong();
        return new Generation(session, tokenizer, eos, ids, prompt.length - ids.length, seed, options, listener);
    }

    /** How many leading tokens of {@code prompt} the cache holds from the last call, which a new start does not rerun. */
    public int cachedPrefix(int[] prompt) {
        return session.commonPrefix(prompt);
    }

    private int[] fitToContext(int[] prompt, GenerationOptions options) {
        int context = session.contextLength();
        if (!options.truncateLeft()) {
            if (prompt.length > context) {
                throw new EngineException("the prompt has " + prompt.length + " tokens, more than the context of " + context
                        + " positions of the model in " + model.directory() + " (shorten it, or ask for left truncation)");
            }
            return prompt;
        }
        int keep = Math.max(context - options.maxTokens(), (context + 1) / 2);
        return prompt.length <= keep ? prompt : Arrays.copyOfRange(prompt, prompt.length - keep, prompt.length);
    }

    private EngineException noTokenizer(String what) {
        return new EngineException("the model in " + model.directory() + " has no tokenizer.json to " + what);
    }
}
