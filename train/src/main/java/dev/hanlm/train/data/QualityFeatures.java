package dev.hanlm.train.data;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The measurements the quality classifier reads from a normalized document: how long it is and how it is written
 * (whole sentences with formal endings, or fragments, digits, symbols and jamo). Cheap enough to run on every document.
 */
public final class QualityFeatures {
    public static final List<String> NAMES = List.of("log_chars", "log_mean_line_chars", "syllable_share", "digit_share",
            "symbol_share", "latin_share", "jamo_share", "sentence_end_share", "distinct_word_share", "mean_word_chars");

    private QualityFeatures() {}

    public static double[] of(String text) {
        long chars = 0, syllables = 0, digits = 0, symbols = 0, latin = 0, jamo = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) continue;
            chars++;
            if (Hangul.isSyllable(c)) syllables++;
            else if (Hangul.isJamo(c)) jamo++;
            else if (Character.isDigit(c)) digits++;
            else if (c < 128 && Character.isLetter(c)) latin++;
            else if (!Character.isLetter(c)) symbols++;
        }
        String[] lines = text.split("\n");
        int ended = 0;
        for (String line : lines) if (line.endsWith(".") || line.endsWith("다") || line.endsWith("요") || line.endsWith("?")) ended++;
        String[] words = text.split("\\s+");
        Set<String> distinct = new HashSet<>(List.of(words));
        double n = Math.max(1, chars);
        return new double[] {Math.log1p(chars), Math.log1p(text.length() / (double) lines.length), syllables / n, digits / n,
                symbols / n, latin / n, jamo / n, ended / (double) lines.length, distinct.size() / (double) words.length,
                chars / (double) words.length};
    }
}
