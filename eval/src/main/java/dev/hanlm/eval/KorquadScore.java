package dev.hanlm.eval;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * KorQuAD 1.0's official exact match and F1 ({@code evaluate-v1.0.py}): both compare normalized texts, F1 over their
 * characters (spaces excluded), and an answer's score is its best over the references.
 *
 * <p>Normalization, in the script's order: the characters {@code ' " 《 》 < > 〈 〉 ( ) ‘ ’} become spaces; lower
 * case; the ASCII punctuation of Python's {@code string.punctuation} is removed; runs of white space become one space
 * and the ends are trimmed.
 */
public final class KorquadScore {
    private static final String TO_SPACE = "'\"《》<>〈〉()‘’";
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private KorquadScore() {}

    public static String normalize(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (TO_SPACE.indexOf(c) >= 0) out.append(' ');
            else if (PUNCTUATION.indexOf(c) < 0) out.appendCodePoint(c);
        });
        // the script lower-cases before removing punctuation; neither step changes what the other sees
        return String.join(" ", PythonText.split(out.toString().toLowerCase(java.util.Locale.ROOT)));
    }

    public static boolean exactMatch(String prediction, String reference) {
        return normalize(prediction).equals(normalize(reference));
    }

    /** Character F1 in [0, 1] of the normalized texts without their spaces. */
    public static double f1(String prediction, String reference) {
        int[] p = normalize(prediction).replace(" ", "").codePoints().toArray();
        int[] g = normalize(reference).replace(" ", "").codePoints().toArray();
        Map<Integer, Integer> counts = new HashMap<>();
        for (int c : g) counts.merge(c, 1, Integer::sum);
        int same = 0;
        for (int c : p) {
            Integer left = counts.get(c);
            if (left != null && left > 0) {
                same++;
                counts.put(c, left - 1);
            }
        }
        if (same == 0) return 0;
        double precision = (double) same / p.length, recall = (double) same / g.length;
        return 2 * precision * recall / (precision + recall);
    }

    /** Exact match and F1 over a run, each an answer's best over its references, in percent. */
    public static Map<String, Double> score(List<String> predictions, List<Example> items) {
        double em = 0, f1 = 0;
        for (int i = 0; i < items.size(); i++) {
            String p = predictions.get(i);
            em += items.get(i).answers().stream().anyMatch(r -> exactMatch(p, r)) ? 1 : 0;
            f1 += items.get(i).answers().stream().mapToDouble(r -> f1(p, r)).max().orElse(0);
        }
        int n = Math.max(1, items.size());
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("exact_match", 100 * em / n);
        scores.put("f1", 100 * f1 / n);
        return scores;
    }
}
