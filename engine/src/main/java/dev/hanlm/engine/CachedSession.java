package dev.hanlm.engine;

import java.util.Arrays;
import java.util.List;

/**
 * A session that remembers which tokens its KV cache holds, so that a sequence sharing a prefix with the cached one
 * runs only the tokens after the shared part (a chat's history, a few-shot prompt's examples).
 */
final class CachedSession {
    private final Session session;
    private final int vocab, idLimit;
    /** held[0, session.position()) are the tokens in the cache. */
    private final int[] held;

    CachedSession(LanguageModel model) {
        this.session = model.newSession();
        this.vocab = model.config().vocabSize();
        this.idLimit = vocab + model.virtualTokenCount();
        this.held = new int[session.contextLength()];
    }

    int position() {
        return session.position();
    }

    int contextLength() {
        return session.contextLength();
    }

    /**
     * Makes the cache hold exactly {@code ids} (at least one) and returns the logits that predict the token after them.
     * The last token is always run, since its logits are not kept.
     */
    float[] prefill(int[] ids) {
        checkIds(ids);
        int common = commonPrefix(ids);
        session.truncate(common);
        int[] rest = Arrays.copyOfRange(ids, common, ids.length);
        float[] logits = session.prefill(rest);
        System.arraycopy(rest, 0, held, common, rest.length);
        return logits;
    }

    /** How many leading tokens of {@code ids} the cache holds, at most all but the last (whose logits are not kept). */
    int commonPrefix(int[] ids) {
        int common = 0, limit = Math.min(ids.length - 1, session.position());
        while (common < limit && held[common] == ids[common]) common++;
        return common;
    }

    /** Runs {@code ids} after the cached tokens and returns the logits after each, as {@link Session#prefillAll}. */
    float[][] append(int[] ids) {
        int at = session.position();
        float[][] logits = session.prefillAll(ids);
        System.arraycopy(ids, 0, held, at, ids.length);
        return logits;
    }

    /** Runs one token after the cached ones and returns the logits that predict the next. */
    float[] decode(int id) {
        int at = session.position();
        float[] logits = session.decode(id);
        held[at] = id;
        return logits;
    }

    /** Runs {@code ids[b]} after the cached tokens of session b, for every b in one pass of {@code decoder}, as {@link #decode}. */
    static float[][] decode(List<CachedSession> sessions, int[] ids, BatchDecoder decoder) {
        int[] at = new int[ids.length];
        for (int b = 0; b < ids.length; b++) at[b] = sessions.get(b).position();
        float[][] logits = decoder.decode(sessions.stream().map(c -> c.session).toList(), ids);
        for (int b = 0; b < ids.length; b++) sessions.get(b).held[at[b]] = ids[b];
        return logits;
    }

    void truncate(int position) {
        session.truncate(position);
    }

    /** Refuses ids outside the vocabulary and the virtual tokens, also those that are only read (a scored last token is never run). */
    void checkIds(int[] ids) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= idLimit) throw outside(ids[i], i, vocab, idLimit);
        }
    }

    /** Refuses virtual tokens where a real one must be: a scored or sampled token. */
    void checkReal(int[] ids) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) throw outside(ids[i], i, vocab, vocab);
        }
    }

    static EngineException outside(int id, int index, int vocab, int limit) {
        String what = limit == vocab ? "the vocabulary of " + vocab + " tokens"
                : "the vocabulary of " + vocab + " tokens and the " + (limit - vocab) + " virtual tokens after it";
        return new EngineException("token id " + id + " (at index " + index + ") is outside " + what);
    }
}
