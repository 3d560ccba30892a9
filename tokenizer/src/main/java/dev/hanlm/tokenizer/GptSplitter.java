package dev.hanlm.tokenizer;

/**
 * GPT-2's split into words, numbers, punctuation and white-space runs, written as a scanner so it runs
 * without a regex engine. It matches, piece for piece, the pattern
 * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}.
 */
public record GptSplitter(boolean addPrefixSpace) implements PreTokenizer {
    public GptSplitter() {
        this(false);
    }

    /** HF's add_prefix_space: a text that does not start with a space gets one, so its first word looks like the rest. */
    public String prepare(String text, boolean firstSegment) {
        return addPrefixSpace && !text.isEmpty() && text.charAt(0) != ' ' ? " " + text : text;
    }

    public void split(String text, int start, int end, Spans out) {
        int i = start;
        while (i < end) {
            int next = next(text, i, end);
            out.span(i, next);
            i = next;
        }
    }

    private static int next(String text, int i, int end) {
        int c = text.codePointAt(i);
        if (c == '\'') {
            int contraction = contraction(text, i + 1, end);
            if (contraction > 0) return i + 1 + contraction;
        }
        byte cls = CharClass.of(c);
        int j = i;
        if (c == ' ' && i + 1 < end) {
            byte following = CharClass.of(text.codePointAt(i + 1));
            if (following != CharClass.SPACE) {
                cls = following;
                j = i + 1;
            }
        }
        if (cls != CharClass.SPACE) return run(text, j, end, cls);
        int runEnd = run(text, i, end, CharClass.SPACE);
        if (runEnd == end) return end;
        int lastStart = text.offsetByCodePoints(runEnd, -1);
        return lastStart > i ? lastStart : runEnd;
    }

    private static int run(String text, int i, int end, byte cls) {
        while (i < end) {
            int c = text.codePointAt(i);
            if (CharClass.of(c) != cls) break;
            i += Character.charCount(c);
        }
        return i;
    }

    private static int contraction(String text, int i, int end) {
        if (i >= end) return 0;
        char a = text.charAt(i);
        if (a == 's' || a == 't' || a == 'm' || a == 'd') return 1;
        if (i + 1 >= end) return 0;
        char b = text.charAt(i + 1);
        if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 2;
        return 0;
    }
}
