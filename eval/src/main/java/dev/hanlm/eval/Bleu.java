package dev.hanlm.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Corpus BLEU as sacreBLEU 2.x computes it with its defaults (4-grams, one reference, exponential smoothing, no
 * lower-casing): each segment is right-stripped and tokenized, n-gram matches are clipped per segment and summed over
 * the corpus, and the brevity penalty uses the summed lengths.
 */
public final class Bleu {
    private static final int ORDER = 4;
    /** sacreBLEU's {@code my_log(0)}. */
    private static final double LOG_ZERO = -9999999999.0;

    /** How a segment is cut into tokens; the names are sacreBLEU's {@code --tokenize} values. */
    public enum Tokenization {
        /** mteval-v13a, sacreBLEU's default for English. */
        THIRTEEN_A("13a") {
            @Override
            String tokenize(String line) {
                line = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
                if (line.contains("&")) {
                    line = line.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
                }
                line = " " + line + " ";
                for (int i = 0; i < RULES.length; i++) line = RULES[i].matcher(line).replaceAll(REPLACEMENTS[i]);
                return String.join(" ", PythonText.split(line));
            }
        },
        /** Every character but white space a token: hanlm's tokenization for Korean targets. */
        CHAR("char") {
            @Override
            String tokenize(String line) {
                StringBuilder out = new StringBuilder();
                line.codePoints().forEach(c -> out.appendCodePoint(c).append(' '));
                return String.join(" ", PythonText.split(out.toString()));
            }
        };

        /** sacreBLEU's {@code tokenizer_re}: symbols apart, periods and commas apart unless inside a number, dashes after digits. */
        private static final Pattern[] RULES = {
                Pattern.compile("([\\{-\\~\\[-\\` -\\&\\(-\\+\\:-\\@\\/])"),
                Pattern.compile("([^0-9])([\\.,])"),
                Pattern.compile("([\\.,])([^0-9])"),
                Pattern.compile("([0-9])(-)"),
        };
        private static final String[] REPLACEMENTS = {" $1 ", "$1 $2 ", " $1 $2", "$1 $2 "};

        private final String sacrebleuName;

        Tokenization(String sacrebleuName) {
            this.sacrebleuName = sacrebleuName;
        }

        public String sacrebleuName() {
            return sacrebleuName;
        }

        abstract String tokenize(String line);
    }

    /** BLEU in percent with its sufficient statistics, as sacreBLEU's {@code BLEUScore} reports them. */
    public record Score(double bleu, int[] correct, int[] total, double brevityPenalty, long hypothesisLength,
                        long referenceLength) {}

    private Bleu() {}

    public static Score corpus(List<String> hypotheses, List<String> references, Tokenization tokenization) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException(hypotheses.size() + " hypotheses for " + references.size() + " references");
        }
        int[] correct = new int[ORDER], total = new int[ORDER];
        long hypLength = 0, refLength = 0;
        for (int s = 0; s < hypotheses.size(); s++) {
            List<String> hyp = PythonText.split(tokenization.tokenize(rstrip(hypotheses.get(s))));
            List<String> ref = PythonText.split(tokenization.tokenize(rstrip(references.get(s))));
            hypLength += hyp.size();
            refLength += ref.size();
            for (int n = 1; n <= ORDER; n++) {
                Map<List<String>, Integer> refCounts = ngrams(ref, n);
                for (var e : ngrams(hyp, n).entrySet()) {
                    total[n - 1] += e.getValue();
                    correct[n - 1] += Math.min(e.getValue(), refCounts.getOrDefault(e.getKey(), 0));
                }
            }
        }
        double bp = hypLength >= refLength ? 1 : hypLength > 0 ? Math.exp(1 - (double) refLength / hypLength) : 0;
        return new Score(bleu(correct, total, bp), correct, total, bp, hypLength, refLength);
    }

    /** sacreBLEU's {@code compute_bleu} with {@code smooth_method='exp'}: an order without matches counts 1/2^k of a match. */
    private static double bleu(int[] correct, int[] total, double bp) {
        if (Arrays.stream(correct).allMatch(c -> c == 0)) return 0;
        double smooth = 1, logSum = 0;
        for (int n = 0; n < ORDER; n++) {
            if (total[n] == 0) { // sacreBLEU stops here and takes log(0) as -9999999999 for each order left
                logSum += LOG_ZERO * (ORDER - n);
                break;
            }
            if (correct[n] == 0) smooth *= 2;
            logSum += Math.log(correct[n] == 0 ? 100 / (smooth * total[n]) : 100.0 * correct[n] / total[n]);
        }
        return bp * Math.exp(logSum / ORDER);
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) counts.merge(tokens.subList(i, i + n), 1, Integer::sum);
        return counts;
    }

    private static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && PythonText.isSpace(s.charAt(end - 1))) end--;
        return s.substring(0, end);
    }
}
