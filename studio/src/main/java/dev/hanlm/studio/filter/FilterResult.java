package dev.hanlm.studio.filter;

import java.util.List;

/**
 * A filter's judgement of one text: a score from 0 (nothing found) to 1 (certainly found) and the spans that made it,
 * in order and without overlaps.
 */
public record FilterResult(double score, List<Span> spans) {
    /** The score from which a text counts as caught: blocked or masked when asked. */
    public static final double THRESHOLD = 0.5;

    public FilterResult {
        spans = List.copyOf(spans);
    }

    /** Score 1 when anything was found, else 0: the lexicon and the patterns are sure or silent. */
    public static FilterResult of(List<Span> spans) {
        return new FilterResult(spans.isEmpty() ? 0 : 1, Spans.merge(spans));
    }

    public boolean caught() {
        return score >= THRESHOLD;
    }
}
