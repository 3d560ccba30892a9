package dev.hanlm.engine;

import dev.hanlm.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
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
 * not recomputed). A generator is used by one thread at a time.
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
        if (prompt.length == 0) throw new EngineException("the prompt is empty: give at least one token");
        if (tokenizer == null && !options.stop().isEmpty()) throw noTokenizer("match stop sequences");
        session.checkIds(prompt);
        int[] ids = fitToContext(prompt, options);
        long seed = options.seed() != null ? options.seed() : ThreadLocalRandom.current().nextLong();
        Sampler sampler = Sampler.of(options.temperature(), options.topK(), options.topP(), new SplittableRandom(seed));
        BitSet seen = new BitSet();
        for (int id : ids) seen.set(id);
        GeneratedText text = new GeneratedText(tokenizer, ids, options.stop());
        List<GeneratedToken> tokens = new ArrayList<>();

        float[] logits = session.prefill(ids);
        FinishReason finish = null;
        while (finish == null) {
            GeneratedToken token = sample(logits, sampler, seen, options);
            tokens.add(token);
            seen.set(token.id());
            String delta = "";
            if (eos.contains(token.id())) {
                finish = FinishReason.EOS;
            } else {
                delta = text.add(token.id());
                if (text.stopped()) finish = FinishReason.STOP;
                else if (tokens.size() == options.maxTokens() || session.position() == session.contextLength()) finish = FinishReason.LENGTH;
            }
            if (finish != null) {
                delta += text.end();
                if (text.stopped()) finish = FinishReason.STOP;
            }
            listener.onToken(token, delta);
            if (finish == null) logits = session.decode(token.id());
        }
        return new GenerationResult(ids, prompt.length - ids.length, tokens, text.text(), finish, seed);
    }

    /** Picks the next token from a penalized copy of the logits; its log-probabilities come from the raw ones. */
    private static GeneratedToken sample(float[] logits, Sampler sampler, BitSet seen, GenerationOptions options) {
        float[] penalized = logits;
        if (!options.repetitionPenalty().isNone()) {
            penalized = logits.clone();
            options.repetitionPenalty().apply(penalized, seen);
        }
        int id = sampler.sample(penalized);
        double logSumExp = Logits.logSumExp(logits);
        return new GeneratedToken(id, logits[id] - logSumExp, Logits.top(logits, options.topLogprobs(), logSumExp));
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
