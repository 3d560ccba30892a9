package dev.hanlm.train.data;

import dev.hanlm.tokenizer.Normalizer;
import java.io.Serializable;

/**
 * The normalization step before the filters and the duplicate check, so that documents differing only in
 * Unicode form or white space count as one: lone surrogates become U+FFFD and the text NFC (the tokenizer's
 * own rule); invisible format and control characters (zero-width space, BOM, soft hyphen; not ZWJ, which
 * holds emoji together) go; every run of spaces, tabs and other space characters becomes one space; lines
 * are trimmed, runs of blank lines become one, and the document is stripped.
 */
public record DocumentNormalizer() implements Serializable {
    private static final Normalizer NFC = new Normalizer.Unicode(java.text.Normalizer.Form.NFC);
    private static final char ZERO_WIDTH_JOINER = '\u200D';

    public String normalize(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean blankLine = false;
        for (String line : (Iterable<String>) NFC.normalize(text).lines()::iterator) {
            String clean = cleanLine(line);
            if (clean.isEmpty()) {
                blankLine = !out.isEmpty();
                continue;
            }
            if (!out.isEmpty()) out.append(blankLine ? "\n\n" : "\n");
            out.append(clean);
            blankLine = false;
        }
        return out.toString();
    }

    private static String cleanLine(String line) {
        StringBuilder out = new StringBuilder(line.length());
        boolean space = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = !out.isEmpty();
            } else if (!invisible(c)) {
                if (space) out.append(' ');
                out.append(c);
                space = false;
            }
        }
        return out.toString();
    }

    private static boolean invisible(char c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT && c != ZERO_WIDTH_JOINER;
    }
}
