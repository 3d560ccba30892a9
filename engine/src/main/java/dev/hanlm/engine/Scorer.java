package dev.hanlm.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Log-probabilities of given tokens under a model, in natural log, from the softmax at temperature 1 over the whole
 * vocabulary. {@link #score} scores one sequence; {@link #scoreContinuations} scores many continuations of one prefix
 * (the choices of a multiple-choice question, the candidates of p-tuning) running the prefix once and rolling the KV
 * cache back to it after each continuation. The cache is kept between calls, so a prefix that starts like the last
 * call's reruns only what differs. Logits are consumed in chunks, so long sequences need little memory. A scorer is
 * used by one thread at a time.
 */
public final class Scorer {
    /** Positions whose logits are held at once. */
    private static final int CHUNK = 64;

    private final LanguageModel model;
    private final CachedSession session;

    public Scorer(LanguageModel model) {
        this.model = model;
        this.session = new CachedSession(model);
    }

    /**
     * {@code result[i]} = ln P(ids[i] | ids[&lt;i]) for i &ge; 1; {@code result[0]} is NaN, since nothing predicts the
     * first token (a model that wants a BOS token should be given one first); nor is a virtual token scored (NaN).
     * All but the last id must fit the context.
     */
    public double[] score(int[] ids) {
        session.checkIds(ids);
        checkFits(ids.length - 1, "the " + ids.length + " tokens to score do not fit");
        double[] out = new double[ids.length];
        if (ids.length == 0) return out;
        out[0] = Double.NaN;
        if (ids.length == 1) return out;
        float[] last = session.prefill(new int[] {ids[0]});
        scoreAfter(last, ids, 1, out);
        return out;
    }

    /**
     * Scores each continuation after {@code prefix}: the prefix runs once, each continuation runs after it (all but
     * its last token, whose logits nothing needs), and the cache returns to the prefix. The result equals scoring
     * {@code prefix + continuation} with {@link #score} and taking the continuation's part, within float rounding.
     *
     * @param prefix        the shared context, at least one token
     * @param continuations the token sequences to score after it (an empty one scores 0)
     */
    public List<ContinuationScore> scoreContinuations(int[] prefix, List<int[]> continuations) {
        if (prefix.length == 0) {
            throw new EngineException("the shared prefix is empty: a continuation's first token needs a token before it");
        }
        session.checkIds(prefix);
        int longest = 0;
        for (int[] c : continuations) {
            session.checkReal(c);
            longest = Math.max(longest, c.length);
        }
        checkFits(prefix.length + Math.max(0, longest - 1), "the prefix of " + prefix.length
                + " tokens and the longest continuation of " + longest + " do not fit");
        float[] last = session.prefill(prefix);
        List<ContinuationScore> out = new ArrayList<>(continuations.size());
        for (int[] c : continuations) {
            double[] logprobs = new double[c.length];
            boolean greedy = c.length == 0 || scoreAfter(last, c, 0, logprobs);
            session.truncate(prefix.length);
            out.add(new ContinuationScore(logprobs, Arrays.stream(logprobs).sum(), greedy));
        }
        return out;
    }

    /**
     * Fills {@code out[from..]} with the log-probabilities of {@code ids[from..]}: {@code logits} predict
     * {@code ids[from]}, and the tokens {@code ids[from..length-2]} run after the cache to predict the rest. Returns
     * whether every one of these tokens was the most likely at its position.
     */
    private boolean scoreAfter(float[] logits, int[] ids, int from, double[] out) {
        boolean greedy = record(logits, ids[from], from, out);
        for (int start = from; start < ids.length - 1; start += CHUNK) {
            int end = Math.min(ids.length - 1, start + CHUNK);
            float[][] rows = session.append(Arrays.copyOfRange(ids, start, end));
            for (int i = start; i < end; i++) greedy &= record(rows[i - start], ids[i + 1], i + 1, out);
        }
        return greedy;
    }

    private static boolean record(float[] logits, int id, int at, double[] out) {
        if (id >= logits.length) {
            out[at] = Double.NaN; // a virtual token: nothing predicts it
            return true;
        }
        out[at] = Logits.logprob(logits, id);
        return Logits.argmax(logits) == id;
    }

    private void checkFits(int positions, String what) {
        if (positions > session.contextLength()) {
            throw new EngineException(what + " the context of " + session.contextLength() + " positions of the model in "
                    + model.directory());
        }
    }
}
