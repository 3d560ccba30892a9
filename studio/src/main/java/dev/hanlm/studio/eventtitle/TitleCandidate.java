package dev.hanlm.studio.eventtitle;

import java.util.List;

/**
 * A generated title, its mean log-likelihood per token under the model (the ranking score; NaN when
 * the backend gave no log-probabilities) and the rules it breaks.
 */
public record TitleCandidate(String text, double score, List<String> violations) {
    public TitleCandidate {
        violations = List.copyOf(violations);
    }

    public boolean passes() {
        return violations.isEmpty();
    }
}
