package dev.hanlm.engine;

import dev.hanlm.engine.kernels.Vectors;
import java.util.ArrayList;
import java.util.List;

/** Arithmetic on one row of logits: the most likely token, the log-normalizer, the n most likely tokens. */
public final class Logits {
    private Logits() {}

    /** The id of the largest logit; the lowest such id on ties. */
    public static int argmax(float[] logits) {
        float max = Vectors.max(logits, 0, logits.length);
        int first = Vectors.indexOf(logits, max);
        if (first >= 0) return first;
        // a NaN among the logits: the largest of the numbers, as a scalar pass over them finds it
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }

    /**
     * ln sum(exp(logits)), shifted by the largest logit so that nothing overflows. It runs once per generated token
     * over the whole vocabulary, so the exponentials are vectorized ({@link Vectors#exp}, about 2 ulp) and
     * short runs of them sum in float (every term is at most 1) before they are added in double.
     */
    public static double logSumExp(float[] logits) {
        float max = logits[argmax(logits)];
        if (max == Float.NEGATIVE_INFINITY) return max;
        return max + Math.log(Vectors.sumExp(logits, max));
    }

    /** ln softmax(logits)[id], the natural log-probability of {@code id}. */
    public static double logprob(float[] logits, int id) {
        return logits[id] - logSumExp(logits);
    }

    /**
     * The {@code n} tokens with the largest logits, most likely first (the lower id first on ties), with their
     * log-probabilities {@code logits[id] - logSumExp}.
     */
    public static List<TokenLogprob> top(float[] logits, int n, double logSumExp) {
        List<TokenLogprob> out = new ArrayList<>(n);
        for (int id : largest(logits, n)) out.add(new TokenLogprob(id, logits[id] - logSumExp));
        return out;
    }

    /**
     * The ids of the {@code n} largest values, largest first, the lower id first on ties. A bounded heap keeps the
     * cost at one pass over the vocabulary for the small n that top-k and top-logprobs ask for.
     */
    static int[] largest(float[] values, int n) {
        n = Math.min(n, values.length);
        // a key orders by value descending, then id ascending; the heap's root is the worst key kept
        long[] heap = new long[n];
        int size = 0;
        for (int id = 0; id < values.length && n > 0; id++) {
            long key = key(values[id], id);
            if (size < n) {
                heap[size] = key;
                siftUp(heap, size++);
            } else if (key < heap[0]) {
                heap[0] = key;
                siftDown(heap, n);
            }
        }
        java.util.Arrays.sort(heap, 0, size);
        int[] ids = new int[size];
        for (int i = 0; i < size; i++) ids[i] = (int) heap[i];
        return ids;
    }

    /** A long whose ascending order is the descending order of {@code value}, ties broken by ascending id. */
    static long key(float value, int id) {
        int bits = Float.floatToRawIntBits(value);
        int ascending = bits ^ ((bits >> 31) & 0x7fffffff); // floats as ints that sort like the floats
        return ((long) ~ascending << 32) | id;
    }

    private static void siftUp(long[] heap, int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (heap[parent] >= heap[i]) return;
            swap(heap, parent, i);
            i = parent;
        }
    }

    private static void siftDown(long[] heap, int size) {
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) return;
            if (child + 1 < size && heap[child + 1] > heap[child]) child++;
            if (heap[i] >= heap[child]) return;
            swap(heap, i, child);
            i = child;
        }
    }

    private static void swap(long[] a, int i, int j) {
        long t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
