package dev.hanlm.studio.filter;

import java.util.List;
import java.util.Locale;

/**
 * A request's {@code ai_filters}: the filters to run on its prompt and on its output, what to do with what they catch,
 * and the toxicity classifier's threshold when the request sets its own (else null).
 */
public record FilterSettings(List<String> input, List<String> output, Action action, Double toxicityThreshold) {
    public enum Action {
        /** Refuse a caught prompt; empty a caught output. */
        BLOCK,
        /** Replace each caught span by its placeholder. */
        MASK,
        /** Only report the scores. */
        SCORE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public FilterSettings {
        input = List.copyOf(input);
        output = List.copyOf(output);
    }
}
