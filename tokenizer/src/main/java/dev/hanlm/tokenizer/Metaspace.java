package dev.hanlm.tokenizer;

/**
 * SentencePiece-style pre-tokenization (HF's Metaspace, used by KoGPT2): spaces become {@code ▁}, a
 * {@code ▁} is put in front of the text, and the text is cut before each {@code ▁}.
 */
public record Metaspace(char replacement, PrependScheme prependScheme, boolean split) implements PreTokenizer {
    public enum PrependScheme { ALWAYS, FIRST, NEVER }

    public String prepare(String text, boolean firstSegment) {
        String replaced = text.replace(' ', replacement);
        boolean prepend = prependScheme == PrependScheme.ALWAYS || (prependScheme == PrependScheme.FIRST && firstSegment);
        return prepend && !replaced.isEmpty() && replaced.charAt(0) != replacement ? replacement + replaced : replaced;
    }

    public void split(String text, int start, int end, Spans out) {
        if (!split) {
            if (end > start) out.span(start, end);
            return;
        }
        int pieceStart = start;
        for (int i = start + 1; i < end; i++) {
            if (text.charAt(i) == replacement) {
                out.span(pieceStart, i);
                pieceStart = i;
            }
        }
        if (end > pieceStart) out.span(pieceStart, end);
    }
}
