package dev.hanlm.engine;

import dev.hanlm.engine.model.State;
import dev.hanlm.engine.model.Transformer;
import java.util.Arrays;

/**
 * One sequence being run through a model: its KV cache and position. {@link #prefill} runs a prompt as
 * matrix-matrix products (in chunks of {@value #CHUNK} tokens), {@link #decode} one token as matrix-vector products;
 * both append to the cache, and {@link #truncate} rolls it back, so many continuations of one prefix can be scored
 * with the prefix computed once:
 * <pre>{@code
 * Session s = model.newSession();
 * s.prefill(prefix);
 * for (int[] continuation : continuations) {
 *     float[][] logits = s.prefillAll(continuation); // logits[i] predicts the token after continuation[i]
 *     s.truncate(prefix.length);
 * }
 * }</pre>
 * Logits are fresh arrays the caller owns. The same calls give the same logits, whatever the thread count and
 * however a prompt is split into calls (on one machine: another vector width sums in another order); a decode step
 * differs from the prefill of the same position only by float rounding (about 1e-6 relative).
 * A session is used by one thread at a time; sessions of one model may run in parallel threads.
 */
public final class Session {
    /** Most tokens run in one forward pass: bounds the activation memory of long prompts. */
    static final int CHUNK = 256;

    private final Transformer transformer;
    private final State state;
    /** Ids below it are accepted: the vocabulary and the virtual tokens after it. */
    private final int idLimit;
    private int position;

    Session(Transformer transformer, int contextLength, float[] virtualEmbeddings) {
        this.transformer = transformer;
        this.state = transformer.newState(contextLength, virtualEmbeddings);
        this.idLimit = transformer.config().vocabSize() + virtualEmbeddings.length / transformer.config().hiddenSize();
    }

    /** Tokens in the cache: the position the next token will take. */
    public int position() {
        return position;
    }

    /** The most positions this session can hold. */
    public int contextLength() {
        return state.contextLength();
    }

    /** Runs {@code ids} after the cached tokens and returns the logits that predict the token after the last one. */
    public float[] prefill(int[] ids) {
        check(ids);
        float[] logits = new float[transformer.config().vocabSize()];
        for (int from = 0; from < ids.length; from += CHUNK) {
            int to = Math.min(ids.length, from + CHUNK);
            transformer.forward(state, Arrays.copyOfRange(ids, from, to), position, to == ids.length ? logits : null, false);
            position += to - from;
        }
        return logits;
    }

    /**
     * Runs {@code ids} after the cached tokens and returns the logits of every one of them: {@code result[i]}
     * predicts the token after {@code ids[i]} (for scoring text).
     */
    public float[][] prefillAll(int[] ids) {
        check(ids);
        int vocab = transformer.config().vocabSize();
        float[][] result = new float[ids.length][];
        for (int from = 0; from < ids.length; from += CHUNK) {
            int to = Math.min(ids.length, from + CHUNK);
            float[] logits = new float[(to - from) * vocab];
            transformer.forward(state, Arrays.copyOfRange(ids, from, to), position, logits, true);
            for (int i = from; i < to; i++) result[i] = Arrays.copyOfRange(logits, (i - from) * vocab, (i - from + 1) * vocab);
            position += to - from;
        }
        return result;
    }

    /** Runs one token after the cached ones and returns the logits that predict the next. */
    public float[] decode(int id) {
        return prefill(new int[] {id});
    }

    /** Forgets every cached token from {@code newPosition} on, so the sequence continues from there. */
    public void truncate(int newPosition) {
        if (newPosition < 0 || newPosition > position) {
            throw new EngineException("cannot truncate to position " + newPosition + ": the session holds " + position + " tokens");
        }
        position = newPosition;
    }

    Transformer transformer() {
        return transformer;
    }

    State state() {
        return state;
    }

    /** Counts {@code n} tokens that a batched step appended to the cache. */
    void advance(int n) {
        position += n;
    }

    /** Refuses ids outside the vocabulary and the virtual tokens, and tokens that do not fit the context. */
    void check(int[] ids) {
        if (ids.length == 0) throw new EngineException("no tokens to run (the prompt is empty)");
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= idLimit) throw CachedSession.outside(ids[i], i, transformer.config().vocabSize(), idLimit);
        }
        if ((long) position + ids.length > contextLength()) {
            throw new EngineException(ids.length + " tokens after the " + position + " already cached do not fit the context of "
                    + contextLength() + " positions (shorten the prompt or truncate it from the left)");
        }
    }
}
