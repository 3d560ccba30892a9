package dev.hanlm.engine;

import dev.hanlm.engine.model.State;
import dev.hanlm.engine.model.Transformer;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Runs one new token of each of several sessions of one model in a single forward pass: the decode step of continuous
 * batching. A decode step alone is bound by reading (and decoding) the weights; here each weight is read once for all
 * the sessions ({@code MatMul.matvecs}). Each session keeps its own cache and position and gets exactly the logits it
 * would get decoding alone (the same sums in the same order), so batching never changes a sampled token. A decoder is
 * used by one thread at a time.
 */
public final class BatchDecoder {
    private final Transformer transformer;
    /** The step's activations, sized for the largest batch so far. */
    private final State activations;
    /**
     * Every row's logits, and each row's own copy that a step returns: kept from step to step, since a server's steps
     * otherwise allocated (and zeroed) twice the logits per step, 1 MB at 8 rows of 16,000 words.
     */
    private float[] logits = new float[0];
    private float[][] rows = new float[0][];

    BatchDecoder(Transformer transformer) {
        this.transformer = transformer;
        this.activations = transformer.newBatchState();
    }

    /**
     * Runs {@code ids[b]} after the cached tokens of {@code sessions.get(b)}, for every b at once, and returns the
     * logits that predict the token after each: {@code result[b]}. A batch of two or more returns this decoder's own
     * rows, which its next step overwrites: read them (sample) before then.
     */
    public float[][] decode(List<Session> sessions, int[] ids) {
        int n = sessions.size();
        if (ids.length != n) throw new IllegalArgumentException(ids.length + " tokens for " + n + " sessions");
        if (n == 1) return new float[][] {sessions.getFirst().decode(ids[0])};
        Set<Session> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        State[] states = new State[n];
        int[] positions = new int[n];
        for (int b = 0; b < n; b++) {
            Session s = sessions.get(b);
            if (s.transformer() != transformer) throw new EngineException("a session of another model cannot join this batch");
            if (!distinct.add(s)) throw new EngineException("a session appears twice in one batch; it runs one token per step");
            s.check(new int[] {ids[b]});
            states[b] = s.state();
            positions[b] = s.position();
        }
        int vocab = transformer.config().vocabSize();
        if (logits.length < n * vocab) logits = new float[n * vocab];
        if (rows.length < n) rows = Arrays.copyOf(rows, n);
        transformer.decode(activations, states, positions, ids, logits);
        for (int b = 0; b < n; b++) {
            sessions.get(b).advance(1);
            if (rows[b] == null) rows[b] = new float[vocab];
            System.arraycopy(logits, b * vocab, rows[b], 0, vocab);
        }
        return Arrays.copyOf(rows, n);
    }
}
