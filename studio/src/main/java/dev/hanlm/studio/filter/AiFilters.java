package dev.hanlm.studio.filter;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The filters a request may name, and running some of them on a target. Texts are NFC-normalized first, so that a
 * decomposed {@code 씨발} is the lexicon's {@code 씨발}; spans count characters of the normalized text, and a masked
 * text is returned normalized.
 */
public final class AiFilters {
    private static final Map<String, Filter> FILTERS = new LinkedHashMap<>();

    static {
        for (Filter f : List.of(ProfanityFilter.load(), new PiiFilter(), ToxicityFilter.load())) FILTERS.put(f.name(), f);
    }

    private AiFilters() {}

    public static Set<String> names() {
        return FILTERS.keySet();
    }

    /** {@link #screen(List, FilterSettings.Action, Double, List)} at each filter's own threshold. */
    public static Screening screen(List<String> filters, FilterSettings.Action action, List<String> parts) {
        return screen(filters, action, null, parts);
    }

    /**
     * Runs the named filters on a target's parts (one text, or a chat's messages): every filter reports its score, and
     * the spans of the parts it caught (score at or above its threshold; {@code toxicityThreshold}, when given, for the
     * classifier); with {@code block}, a caught part blocks the target; with {@code mask}, caught spans are masked.
     */
    public static Screening screen(List<String> filters, FilterSettings.Action action, Double toxicityThreshold, List<String> parts) {
        List<String> texts = parts.stream().map(p -> Normalizer.normalize(p, Normalizer.Form.NFC)).toList();
        List<List<Span>> toMask = texts.stream().<List<Span>>map(t -> new ArrayList<>()).toList();
        List<FilterReport> reports = new ArrayList<>();
        boolean caught = false;
        for (String name : filters) {
            Filter filter = FILTERS.get(name);
            if (filter == null) throw new IllegalArgumentException("no filter named " + name);
            double threshold = toxicityThreshold != null && name.equals(ToxicityFilter.NAME) ? toxicityThreshold : filter.threshold();
            double score = 0;
            boolean caughtHere = false;
            List<FilterReport.Hit> hits = new ArrayList<>();
            for (int part = 0; part < texts.size(); part++) {
                FilterResult result = filter.check(texts.get(part));
                score = Math.max(score, result.score());
                if (result.score() >= threshold) {
                    for (Span s : result.spans()) hits.add(new FilterReport.Hit(part, s));
                    caughtHere = true;
                    toMask.get(part).addAll(result.spans());
                }
            }
            caught |= caughtHere;
            reports.add(new FilterReport(name, score, !caughtHere || action == FilterSettings.Action.SCORE ? "none"
                    : action == FilterSettings.Action.BLOCK ? "blocked" : "masked", hits));
        }
        if (action != FilterSettings.Action.MASK || !caught) return new Screening(parts, action == FilterSettings.Action.BLOCK && caught, reports);
        List<String> masked = new ArrayList<>();
        for (int part = 0; part < texts.size(); part++) masked.add(Spans.mask(texts.get(part), toMask.get(part)));
        return new Screening(masked, false, reports);
    }
}
