package dev.hanlm.tokenizer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/** Splits raw text into plain segments and added tokens, taking the leftmost, then longest, match. */
final class AddedTokenMatcher {
    /** A segment of the input: plain text to run through the pipeline, or one added token. */
    record Segment(String text, AddedToken token) {}

    private final List<AddedToken> byLength;
    private final BitSet firstChars = new BitSet();

    AddedTokenMatcher(List<AddedToken> tokens) {
        byLength = new ArrayList<>(tokens);
        byLength.sort(Comparator.comparingInt((AddedToken t) -> t.content().length()).reversed());
        for (AddedToken t : tokens) firstChars.set(t.content().charAt(0));
    }

    List<Segment> split(String text) {
        List<Segment> out = new ArrayList<>();
        int plainStart = 0;
        for (int i = 0; i < text.length(); i++) {
            if (!firstChars.get(text.charAt(i))) continue;
            AddedToken match = matchAt(text, i);
            if (match == null) continue;
            int start = i, end = i + match.content().length();
            if (match.lstrip()) while (start > plainStart && Character.isWhitespace(text.charAt(start - 1))) start--;
            if (match.rstrip()) while (end < text.length() && Character.isWhitespace(text.charAt(end))) end++;
            if (start > plainStart) out.add(new Segment(text.substring(plainStart, start), null));
            out.add(new Segment(null, match));
            plainStart = end;
            i = end - 1;
        }
        if (plainStart < text.length() || out.isEmpty()) out.add(new Segment(text.substring(plainStart), null));
        return out;
    }

    private AddedToken matchAt(String text, int i) {
        for (AddedToken t : byLength) {
            if (!text.startsWith(t.content(), i)) continue;
            if (t.singleWord() && !(isWordEdge(text, i - 1) && isWordEdge(text, i + t.content().length()))) continue;
            return t;
        }
        return null;
    }

    private static boolean isWordEdge(String text, int i) {
        return i < 0 || i >= text.length() || !Character.isLetterOrDigit(text.charAt(i));
    }
}
