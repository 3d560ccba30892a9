package dev.hanlm.train.data;

import java.util.List;

/**
 * Drops a document when the characters that the {@link ProfanityLexicon} finds are more than a share of its
 * non-space characters: a comment made of swearing goes, a long article that quotes one word stays.
 */
public record ProfanityFilter(double maxShare) implements DocumentFilter {
    @Override
    public String reason() {
        return "profanity";
    }

    @Override
    public boolean keep(String text) {
        if (maxShare >= 1) return true;
        List<TextSpan> spans = ProfanityLexicon.shipped().find(text);
        if (spans.isEmpty()) return true;
        boolean[] profane = new boolean[text.length()];
        for (TextSpan span : spans) java.util.Arrays.fill(profane, span.start(), span.end(), true);
        long letters = 0, covered = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) continue;
            letters++;
            if (profane[i]) covered++;
        }
        return covered <= maxShare * letters;
    }
}
