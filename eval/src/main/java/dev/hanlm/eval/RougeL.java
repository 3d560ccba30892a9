package dev.hanlm.eval;

import java.util.List;

/**
 * ROUGE-L (Lin 2004) as Google's {@code rouge_score} reports it: the longest common subsequence of hypothesis and
 * reference tokens gives precision LCS/|hyp| and recall LCS/|ref|, combined as F1; a corpus score is the mean of the
 * segments' F1, in percent. Segments are tokenized as {@link Bleu} does, so {@code CHAR} suits Korean targets.
 */
public final class RougeL {
    private RougeL() {}

    /** The mean segment F1 in percent. */
    public static double corpus(List<String> hypotheses, List<String> references, Bleu.Tokenization tokenization) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException(hypotheses.size() + " hypotheses for " + references.size() + " references");
        }
        if (hypotheses.isEmpty()) return 0;
        double sum = 0;
        for (int i = 0; i < hypotheses.size(); i++) {
            sum += f1(tokens(hypotheses.get(i), tokenization), tokens(references.get(i), tokenization));
        }
        return 100 * sum / hypotheses.size();
    }

    /** ROUGE-L F1 of two token sequences, 0 when either is empty. */
    public static double f1(List<String> hypothesis, List<String> reference) {
        int lcs = lcs(hypothesis, reference);
        if (lcs == 0) return 0;
        double precision = (double) lcs / hypothesis.size(), recall = (double) lcs / reference.size();
        return 2 * precision * recall / (precision + recall);
    }

    static int lcs(List<String> a, List<String> b) {
        int[] previous = new int[b.size() + 1], current = new int[b.size() + 1];
        for (String x : a) {
            for (int j = 1; j <= b.size(); j++) {
                current[j] = x.equals(b.get(j - 1)) ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.size()];
    }

    private static List<String> tokens(String text, Bleu.Tokenization tokenization) {
        return PythonText.split(tokenization.tokenize(text.strip()));
    }
}
