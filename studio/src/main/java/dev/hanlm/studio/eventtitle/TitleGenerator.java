package dev.hanlm.studio.eventtitle;

import dev.hanlm.studio.prompt.StudioParameters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a {@link TitleSource}'s draws into ranked candidates: each cut at its first line and kept once, checked by the
 * rules, and ranked: those that pass first; within each group by the model's likelihood, the mean log-probability per
 * token (so a longer title is not punished for its length). A backend that gives no log-probabilities leaves the
 * score NaN: such candidates come after the scored ones of their group, in the order they were drawn.
 */
public final class TitleGenerator {
    static final Comparator<TitleCandidate> RANKING = Comparator.comparing(TitleCandidate::passes).reversed()
            .thenComparing(c -> Double.isNaN(c.score()))
            .thenComparing(Comparator.comparingDouble((TitleCandidate c) -> Double.isNaN(c.score()) ? 0 : c.score()).reversed());

    private final TitleSource source;
    private final TitleRules rules;

    public TitleGenerator(TitleSource source, TitleRules rules) {
        this.source = source;
        this.rules = rules;
    }

    /** {@code n} candidates for {@code fields}, best first. */
    public List<TitleCandidate> candidates(EventFields fields, int n, StudioParameters parameters) {
        Set<String> seen = new LinkedHashSet<>();
        List<TitleCandidate> out = new ArrayList<>();
        for (TitleSource.Draft draft : source.draw(fields, n, parameters)) {
            String text = draft.text().strip().lines().findFirst().orElse("").strip(); // a backend may ignore the stop at a newline
            if (text.isEmpty() || !seen.add(text)) continue;
            out.add(new TitleCandidate(text, draft.meanLogprob(), rules.violations(text, fields)));
        }
        out.sort(RANKING); // stable: unscored candidates keep their draw order
        return out;
    }
}
