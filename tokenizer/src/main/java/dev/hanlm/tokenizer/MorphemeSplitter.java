package dev.hanlm.tokenizer;

import java.util.BitSet;

/**
 * HyperCLOVA's morpheme-aware pre-tokenization: the pieces of an inner splitter (GPT-2's) are cut
 * again at the morpheme boundaries Nori finds inside Korean words, so that BPE merges never join two
 * morphemes. A cut is made only between two non-space characters, one of them Hangul: a leading space
 * stays with its word and runs of Latin letters or digits are left to the inner splitter.
 */
public record MorphemeSplitter(PreTokenizer inner, MorphemeAnalyzer analyzer) implements PreTokenizer {
    public String prepare(String text, boolean firstSegment) {
        return inner.prepare(text, firstSegment);
    }

    public void split(String text, int start, int end, Spans out) {
        String region = start == 0 && end == text.length() ? text : text.substring(start, end);
        if (!containsHangul(region)) {
            inner.split(text, start, end, out);
            return;
        }
        BitSet cuts = analyzer.boundaries(region);
        inner.split(text, start, end, (s, e) -> {
            int pieceStart = s;
            for (int b = cuts.nextSetBit(s - start + 1); b >= 0 && b + start < e; b = cuts.nextSetBit(b + 1)) {
                int at = b + start;
                if (isCut(text, at)) {
                    out.span(pieceStart, at);
                    pieceStart = at;
                }
            }
            out.span(pieceStart, e);
        });
    }

    private static boolean isCut(String text, int at) {
        char before = text.charAt(at - 1), after = text.charAt(at);
        if (Character.isHighSurrogate(before) || Character.isLowSurrogate(after)) return false;
        if (CharClass.of(before) == CharClass.SPACE || CharClass.of(after) == CharClass.SPACE) return false;
        return CharClass.isHangul(before) || CharClass.isHangul(after);
    }

    private static boolean containsHangul(String s) {
        for (int i = 0; i < s.length(); i++) if (CharClass.isHangul(s.charAt(i))) return true;
        return false;
    }
}
