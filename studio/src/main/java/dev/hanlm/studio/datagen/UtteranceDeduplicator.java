package dev.hanlm.studio.datagen;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps an utterance only if it is new: not an exact duplicate once normalized (NFKC, lower case, spaces and
 * punctuation removed, so {@code "예약할게요!"} is {@code "예약 할게요"}), and not a near duplicate: the Jaccard
 * similarity of its character bigrams with a kept utterance's below {@code nearThreshold}. Utterances are short, so
 * every pair is compared (no MinHash needed at a few thousand).
 */
public final class UtteranceDeduplicator {
    private final double nearThreshold;
    private final Set<String> exact = new HashSet<>();
    private final List<Set<String>> kept = new ArrayList<>();

    public UtteranceDeduplicator(double nearThreshold) {
        if (!(nearThreshold > 0 && nearThreshold <= 1)) throw new IllegalArgumentException("the near-duplicate threshold must be in (0, 1], not " + nearThreshold);
        this.nearThreshold = nearThreshold;
    }

    /** Whether {@code text} is new; if so it is remembered. An utterance with nothing left after normalizing is never new. */
    public boolean add(String text) {
        String key = normalize(text);
        if (key.isEmpty() || exact.contains(key)) return false;
        Set<String> bigrams = bigrams(key);
        for (Set<String> other : kept) if (jaccard(bigrams, other) >= nearThreshold) return false;
        exact.add(key);
        kept.add(bigrams);
        return true;
    }

    static String normalize(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT).replaceAll("[\\p{Z}\\s\\p{P}\\p{S}]", "");
    }

    static Set<String> bigrams(String key) {
        Set<String> out = new HashSet<>();
        if (key.codePointCount(0, key.length()) == 1) out.add(key);
        int[] cps = key.codePoints().toArray();
        for (int i = 0; i + 1 < cps.length; i++) out.add(new String(cps, i, 2));
        return out;
    }

    static double jaccard(Set<String> a, Set<String> b) {
        int common = 0;
        for (String x : a) if (b.contains(x)) common++;
        return (double) common / (a.size() + b.size() - common);
    }
}
