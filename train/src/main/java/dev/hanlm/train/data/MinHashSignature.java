package dev.hanlm.train.data;

import java.io.Serializable;

/**
 * MinHash over a document's character 5-grams, cut into LSH bands: two documents whose 5-gram sets have Jaccard
 * similarity J share at least one band with probability 1 - (1 - J^ROWS)^BANDS. With 16 bands of 8 rows that is
 * 0.06 at J = 0.5, 0.24 at 0.6, 0.95 at 0.8 and 0.9997 at 0.9: a repost with a changed line or a new signature is
 * caught, two articles on one topic are not. Both drivers group documents by these band keys, so they agree.
 */
public final class MinHashSignature implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final int SHINGLE = 5, BANDS = 16, ROWS = 8, HASHES = BANDS * ROWS;

    /** The minimum over the shingles of each of the {@link #HASHES} hash functions. */
    public static long[] of(String text) {
        long[] min = new long[HASHES];
        java.util.Arrays.fill(min, Long.MAX_VALUE);
        int n = text.length();
        for (int start = 0; start == 0 || start + SHINGLE <= n; start++) {
            long shingle = shingleHash(text, start, Math.min(n, start + SHINGLE));
            for (int i = 0; i < HASHES; i++) {
                long h = mix(shingle + (i + 1) * 0x9E3779B97F4A7C15L);
                if (h < min[i]) min[i] = h;
            }
        }
        return min;
    }

    /** The {@link #BANDS} keys of a signature: each band's index and its rows hashed together. */
    public static DocumentHash[] bandKeys(long[] signature) {
        DocumentHash[] keys = new DocumentHash[BANDS];
        for (int b = 0; b < BANDS; b++) {
            long h = b;
            for (int r = 0; r < ROWS; r++) h = mix(h * 31 + signature[b * ROWS + r]);
            keys[b] = new DocumentHash(b, h);
        }
        return keys;
    }

    /** The share of equal rows: an estimate of the Jaccard similarity of the two shingle sets. */
    public static double similarity(long[] a, long[] b) {
        int equal = 0;
        for (int i = 0; i < HASHES; i++) if (a[i] == b[i]) equal++;
        return equal / (double) HASHES;
    }

    private static long shingleHash(String text, int from, int to) {
        long h = 0xCBF29CE484222325L;
        for (int i = from; i < to; i++) h = (h ^ text.charAt(i)) * 0x100000001B3L;
        return h;
    }

    /** SplitMix64's finalizer: every input bit reaches every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
