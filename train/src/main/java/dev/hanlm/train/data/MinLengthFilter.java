package dev.hanlm.train.data;

/** Drops documents with fewer than {@code minChars} non-space characters: titles, menus, comment fragments. */
public record MinLengthFilter(int minChars) implements DocumentFilter {
    public String reason() {
        return "too_short";
    }

    public boolean keep(String text) {
        return text.codePoints().filter(cp -> !Character.isWhitespace(cp) && !Character.isSpaceChar(cp)).limit(minChars).count() >= minChars;
    }
}
