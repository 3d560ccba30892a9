package dev.hanlm.eval;

import java.util.ArrayList;
import java.util.List;

/** Python's {@code str.split()}, which the reference scripts (KorQuAD's, sacreBLEU) use to cut text into tokens. */
final class PythonText {
    private PythonText() {}

    /** The runs of non-white-space characters, white space as Python's {@code str.isspace} defines it. */
    static List<String> split(String text) {
        List<String> tokens = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); i++) {
            if (isSpace(text.charAt(i))) {
                if (start >= 0) tokens.add(text.substring(start, i));
                start = -1;
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) tokens.add(text.substring(start));
        return tokens;
    }

    /** Java's white space misses the no-break spaces and NEL, which Python counts. */
    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || c == '\u0085' || c == '\u00a0' || c == '\u2007' || c == '\u202f';
    }
}
