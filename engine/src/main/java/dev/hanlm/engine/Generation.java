package dev.hanlm.engine;

import dev.hanlm.engine.kernels.Parallel;
import dev.hanlm.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One generation in progress, advanced a token at a time by its caller: {@link #next} samples a token from the
 * current logits and hands it to the listener; while the generation goes on, that token must then run through the
 * model, alone ({@link Generator#generate} does this) or together with other generations' tokens in one pass of a
 * {@link BatchDecoder} ({@link #decode(List, BatchDecoder)}: continuous batching), which gives the next logits. What
 * one step does is described at {@link Generator}. Made by {@link Generator#start}; used by one thread at a time.
 */
public final class Generation {
    private final CachedSession session;
    private final List<Integer> eos;
    private final GenerationOptions options;
    private final GenerationListener listener;
    private final int[] prompt;
    private final int truncatedTokens;
    private final long seed;
    private final Sampler sampler;
    private final BitSet seen = new BitSet();
    private final GeneratedText text;
    private final List<GeneratedToken> tokens = new ArrayList<>();
    /** Predict the next token; null while the last sampled token has not run. */
    private float[] logits;
    /** The token already sampled from {@link #logits} beside the other rows of a batched step; null if not. */
    private GeneratedToken sampled;
    private FinishReason finish;

    /** Runs {@code prompt} (already fitted to the context) into the session's cache. */
    Generation(CachedSession session, Tokenizer tokenizer, List<Integer> eos, int[] prompt, int truncatedTokens, long seed,
               GenerationOptions options, GenerationListener listener) {
        this.session = session;
        this.eos = eos;
        this.options = options;
        this.listener = listener;
        this.prompt = prompt;
        this.truncatedTokens = truncatedTokens;
        this.seed = seed;
        this.sampler = Sampler.of(options.temperature(), options.topK(), options.topP(), new SplittableRandom(seed));
        for (int id : prompt) seen.set(id);
        this.text = new GeneratedText(tokenizer, prompt, options.stop());
        this.logits = session.prefill(prompt);
    }

    /**
     * Samples the next token, streams it to the listener, and returns whether the generation goes on (then the token
     * must run before the next call). An exception from the listener ends the generation where it stands.
     */
    public boolean next() {
        if (finish != null) throw new IllegalStateException("the generation has ended");
        if (logits == null) throw new IllegalStateException("the last sampled token has not run through the model yet");
        GeneratedToken token = sampled != null ? sampled : sample(logits);
        sampled = null;
        logits = null;
        tokens.add(token);
        seen.set(token.id());
        String delta = "";
        FinishReason ended = null;
        if (eos.contains(token.id())) {
            ended = FinishReason.EOS;
        } else {
            delta = text.add(token.id());
            if (text.stopped()) ended = FinishReason.STOP;
            else if (tokens.size() == options.maxTokens() || session.position() == session.contextLength()) ended = FinishReason.LENGTH;
        }
        if (ended != null) {
            delta += text.end();
            if (text.stopped()) ended = FinishReason.STOP;
        }
        finish = ended;
        listener.onToken(token, delta);
        return finish == null;
    }

    /** Runs the last sampled token alone. */
    void decode() {
        logits = session.decode(lastToken());
    }

    /** Runs the last sampled token of each generation (each of its own generator) in one pass of {@code decoder}. */
    public static void decode(List<Generation> generations, BatchDecoder decoder) {
        List<CachedSession> sessions = new ArrayList<>(generations.size());
        int[] ids = new int[generations.size()];
        for (int b = 0; b < ids.length; b++) {
            Generation g = generations.get(b);
            if (g.finish != null || g.logits != null) throw new IllegalStateException("generation " + b + " has no sampled token to run");
            sessions.add(g.session);
            ids[b] = g.lastToken();
        }
        float[][] logits = CachedSession.decode(sessions, ids, decoder);
        for (int b = 0; b < ids.length; b++) generations.get(b).logits = logits[b];
        // each row samples from its own logits, random stream and penalties, so the rows are sampled side by side,
        // the same tokens as one by one (the log-normalizer over the vocabulary was 5% of an 8-row step, serial)
        Parallel.forRange(ids.length, (from, to) -> {
            for (int b = from; b < to; b++) {
                Generation g = generations.get(b);
                g.sampled = g.sample(g.logits);
            }
        });
    }

    public boolean finished() {
        return finish != null;
    }

    /** What the generation produced; only once it has {@link #finished}. */
    public GenerationResult result() {
        if (finish == null) throw new IllegalStateException("the generation has not ended");
        return new GenerationResult(prompt, truncatedTokens, tokens, text.text(), finish, seed);
    }

    private int lastToken() {
        return tokens.getLast().id();
    }

    /** Picks the next token from a penalized copy of the logits; its log-probabilities come from the raw ones. */
    private GeneratedToken sample(float[] raw) {
        float[] penalized = raw;
        if (!options.repetitionPenalty().isNone()) {
            penalized = raw.clone();
            options.repetitionPenalty().apply(penalized, seen);
        }
        int id = sampler.sample(penalized);
        double logSumExp = Logits.logSumExp(raw);
        return new GeneratedToken(id, raw[id] - logSumExp, Logits.top(raw, options.topLogprobs(), logSumExp));
    }
}
