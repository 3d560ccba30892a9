package dev.hanlm.train.classify;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A text as hashed character n-grams (fastText's trick: no vocabulary, a fixed number of buckets). The text is NFKC
 * normalized, lower-cased, and its white space collapsed; n-grams run over two views of it:
 * <ul>
 *   <li>the characters, {@code minN}..{@code maxN} at a time, spaces included, so word edges count;</li>
 *   <li>with {@code initials}, the initial-consonant skeleton: every syllable becomes its lead consonant, tense ones
 *       made plain ({@code 씨발} and {@code 시발} both read {@code ㅅㅂ}, like the typed {@code ㅅㅂ}), and n-grams of
 *       2..{@code maxN}+1 of it count, which catches the spellings Korean swearing uses to slip past a word list.</li>
 * </ul>
 * A feature's value is its count, the vector scaled to unit length, so long and short texts weigh alike.
 */
public record NgramFeatures(int buckets, int minN, int maxN, boolean initials) {
    /** Lead consonants of a syllable, in Unicode order, as compatibility jamo with tense ones made plain. */
    private static final char[] INITIALS = "ㄱㄱㄴㄷㄷㄹㅁㅂㅂㅅㅅㅇㅈㅈㅊㅋㅌㅍㅎ".toCharArray();
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final long FNV_OFFSET = 0xcbf29ce484222325L, FNV_PRIME = 0x100000001b3L;

    public NgramFeatures {
        if (buckets < 2) throw new IllegalArgumentException("buckets must be at least 2, not " + buckets);
        if (minN < 1 || maxN < minN) throw new IllegalArgumentException("n-gram sizes must satisfy 1 <= min <= max, not " + minN + ".." + maxN);
    }

    /** A sparse feature vector: distinct bucket indices in ascending order and their values. */
    public record Vector(int[] index, float[] value) {}

    public Vector of(String text) {
        String prepared = prepare(text);
        int[] ids = new int[64];
        int count = 0;
        int[] chars = prepared.codePoints().toArray();
        for (int n = minN; n <= maxN; n++) {
            for (int i = 0; i + n <= chars.length; i++) {
                if (count == ids.length) ids = Arrays.copyOf(ids, count * 2);
                ids[count++] = bucket(chars, i, n, 0);
            }
        }
        if (initials) {
            int[] skeleton = skeleton(chars);
            for (int n = 2; n <= maxN + 1; n++) {
                for (int i = 0; i + n <= skeleton.length; i++) {
                    if (count == ids.length) ids = Arrays.copyOf(ids, count * 2);
                    ids[count++] = bucket(skeleton, i, n, 1);
                }
            }
        }
        return vector(Arrays.copyOf(ids, count));
    }

    /** NFKC (full-width and compatibility forms fold), lower case, one space between words. */
    static String prepare(String text) {
        return SPACES.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip()).replaceAll(" ");
    }

    /**
     * Each syllable as its plain lead consonant, a typed consonant (which NFKC made a conjoining lead jamo) likewise,
     * other letters kept; digits, marks and spaces dropped (they pad evasions).
     */
    private static int[] skeleton(int[] chars) {
        int[] out = new int[chars.length];
        int n = 0;
        for (int c : chars) {
            if (!Character.isLetter(c)) continue;
            out[n++] = c >= 0xAC00 && c <= 0xD7A3 ? INITIALS[(c - 0xAC00) / (21 * 28)] : c >= 0x1100 && c <= 0x1112 ? INITIALS[c - 0x1100] : c;
        }
        return Arrays.copyOf(out, n);
    }

    /** FNV-1a over the n-gram's code points and its view, into a bucket. */
    private int bucket(int[] chars, int from, int n, int view) {
        long h = (FNV_OFFSET ^ view) * FNV_PRIME;
        for (int i = from; i < from + n; i++) h = (h ^ chars[i]) * FNV_PRIME;
        return (int) Long.remainderUnsigned(h, buckets);
    }

    /** Counts of the ids, scaled to unit length. */
    private static Vector vector(int[] ids) {
        Arrays.sort(ids);
        int distinct = 0;
        for (int i = 0; i < ids.length; i++) if (i == 0 || ids[i] != ids[i - 1]) distinct++;
        int[] index = new int[distinct];
        float[] value = new float[distinct];
        int k = -1;
        for (int i = 0; i < ids.length; i++) {
            if (i == 0 || ids[i] != ids[i - 1]) index[++k] = ids[i];
            value[k]++;
        }
        double norm = 0;
        for (float v : value) norm += v * v;
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < distinct; i++) value[i] *= scale;
        return new Vector(index, value);
    }
}
