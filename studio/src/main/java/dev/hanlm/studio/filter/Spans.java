package dev.hanlm.studio.filter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Sorting, merging and masking spans. */
public final class Spans {
    private Spans() {}

    /** The spans in order, overlapping ones joined (the joined span keeps the first one's kind). */
    public static List<Span> merge(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingInt(Span::start).thenComparing(Comparator.comparingInt(Span::end).reversed()));
        List<Span> out = new ArrayList<>();
        for (Span s : sorted) {
            Span last = out.isEmpty() ? null : out.getLast();
            if (last != null && s.start() < last.end()) {
                out.set(out.size() - 1, new Span(last.start(), Math.max(last.end(), s.end()), last.kind()));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** The text with each span replaced by its placeholder. */
    public static String mask(String text, List<Span> spans) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Span s : merge(spans)) {
            out.append(text, at, s.start()).append(s.placeholder());
            at = s.end();
        }
        return out.append(text, at, text.length()).toString();
    }
}
