package dev.hanlm.studio.filter;

import dev.hanlm.train.data.TextSpan;

/**
 * What a filter found: the characters {@code [start, end)} of the (NFC) text, as Java counts them, and its kind, which
 * masking writes in brackets ({@code 전화번호} becomes {@code [전화번호]}).
 */
public record Span(int start, int end, String kind) {
    public Span {
        if (start < 0 || end <= start) throw new IllegalArgumentException("empty or negative span " + start + ".." + end);
    }

    /** What the corpus pipeline's detectors ({@code PersonalData}, {@code ProfanityLexicon}) found. */
    public static Span of(TextSpan found) {
        return new Span(found.start(), found.end(), found.kind());
    }

    public String placeholder() {
        return "[" + kind + "]";
    }
}
