package dev.hanlm.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Distinct-n (Li et al. 2016), the diversity of generated texts: distinct n-grams over all n-grams of the texts, in
 * percent, with n-grams taken within each text (never across two). Tokens are white-space words, or characters with
 * {@link Bleu.Tokenization#CHAR}.
 */
public final class DistinctN {
    private DistinctN() {}

    public static double of(List<String> texts, int n, Bleu.Tokenization tokenization) {
        if (n < 1) throw new IllegalArgumentException("n must be at least 1, not " + n);
        Set<List<String>> distinct = new HashSet<>();
        long total = 0;
        for (String text : texts) {
            List<String> tokens = PythonText.split(tokenization == null ? text : tokenization.tokenize(text));
            for (int i = 0; i + n <= tokens.size(); i++, total++) distinct.add(tokens.subList(i, i + n));
        }
        return total == 0 ? 0 : 100.0 * distinct.size() / total;
    }
}
