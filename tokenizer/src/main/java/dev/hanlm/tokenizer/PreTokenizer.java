package dev.hanlm.tokenizer;

import java.util.List;

/**
 * The second pipeline stage: cuts normalized text into pieces that the BPE model encodes one by one.
 * Pieces are reported as spans of the prepared text, so no character is copied, changed or lost.
 */
public interface PreTokenizer {
    /** Receives one piece {@code [start, end)} of the prepared text. */
    interface Spans {
        void span(int start, int end);
    }

    /**
     * The text the spans refer to. Pre-tokenizers that rewrite text (Metaspace) do it here and report
     * how many characters they put in front, so that offsets can be mapped back.
     */
    default String prepare(String text, boolean firstSegment) {
        return text;
    }

    /** Characters {@link #prepare} put before the text (never more than one). */
    default int prefixLength(String text, String prepared) {
        return prepared.length() - text.length();
    }

    void split(String text, int start, int end, Spans out);

    default void split(String text, Spans out) {
        split(text, 0, text.length(), out);
    }

    /** Applies each pre-tokenizer inside the pieces of the one before it (HF's Sequence). */
    record Sequence(List<PreTokenizer> steps) implements PreTokenizer {
        public String prepare(String text, boolean firstSegment) {
            for (PreTokenizer step : steps) text = step.prepare(text, firstSegment);
            return text;
        }

        public void split(String text, int start, int end, Spans out) {
            splitFrom(0, text, start, end, out);
        }

        private void splitFrom(int step, String text, int start, int end, Spans out) {
            if (step == steps.size()) {
                out.span(start, end);
                return;
            }
            steps.get(step).split(text, start, end, (s, e) -> splitFrom(step + 1, text, s, e, out));
        }
    }

    /** Keeps its input whole: the byte-level stage when a regex split came earlier in a Sequence. */
    record Whole() implements PreTokenizer {
        public void split(String text, int start, int end, Spans out) {
            if (end > start) out.span(start, end);
        }
    }
}
