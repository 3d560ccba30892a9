package dev.hanlm.train.data;

/**
 * A text lower-cased, with the separators that hide a word dropped: a run of digits or punctuation between two Hangul
 * syllables ({@code 시1발}, {@code 시-발}), and a run with spaces between two syllables that each stand alone
 * ({@code 씨 발}, {@code 개 새 끼}). Spaces next to a longer word stay, since Korean separates words by spaces and
 * {@code 4시 발표} is not {@code 시발}. Each skeleton character remembers where it came from.
 */
final class HangulSkeleton {
    final String text;
    private final int[] origin;

    private HangulSkeleton(String text, int[] origin) {
        this.text = text;
        this.origin = origin;
    }

    static HangulSkeleton of(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int[] origin = new int[text.length()];
        int i = 0;
        while (i < text.length()) {
            if (!isSeparator(text.charAt(i))) {
                origin[out.length()] = i;
                out.append(Character.toLowerCase(text.charAt(i++)));
                continue;
            }
            int end = i;
            boolean spaced = false;
            while (end < text.length() && isSeparator(text.charAt(end))) spaced |= Character.isWhitespace(text.charAt(end++));
            boolean hides = i > 0 && end < text.length() && isSyllable(text, i - 1) && isSyllable(text, end)
                    && (!spaced || standsAlone(text, i - 1) && standsAlone(text, end));
            if (!hides) {
                for (int k = i; k < end; k++) {
                    origin[out.length()] = k;
                    out.append(text.charAt(k));
                }
            }
            i = end;
        }
        return new HangulSkeleton(out.toString(), origin);
    }

    /** Lower-cased char by char, so that every index still points at the same character. */
    static String lowerCase(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) chars[i] = Character.toLowerCase(chars[i]);
        return new String(chars);
    }

    /** The span of the original text that the skeleton's {@code [start, end)} came from. */
    TextSpan span(int start, int end, String kind) {
        return new TextSpan(origin[start], origin[end - 1] + 1, kind);
    }

    static boolean isSeparator(char c) {
        if (Character.isWhitespace(c) || Character.isDigit(c)) return true;
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.MODIFIER_SYMBOL -> true;
            default -> false;
        };
    }

    private static boolean isSyllable(String text, int i) {
        return i >= 0 && i < text.length() && Hangul.isSyllable(text.charAt(i));
    }

    /** A syllable with no syllable on either side: a one-syllable word. */
    private static boolean standsAlone(String text, int i) {
        return !isSyllable(text, i - 1) && !isSyllable(text, i + 1);
    }
}
