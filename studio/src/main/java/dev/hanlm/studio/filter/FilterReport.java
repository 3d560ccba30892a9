package dev.hanlm.studio.filter;

import java.util.List;

/**
 * One filter's verdict on a target (a prompt or one choice), as CLOVA Studio's {@code aiFilters} reports it.
 *
 * @param name        the filter
 * @param score       the highest score over the target's parts
 * @param actionTaken {@code none}, {@code blocked} or {@code masked}
 * @param hits        the spans found, each with the part it lies in (a chat prompt's message; 0 otherwise)
 */
public record FilterReport(String name, double score, String actionTaken, List<Hit> hits) {
    public record Hit(int part, Span span) {}

    public FilterReport {
        hits = List.copyOf(hits);
    }
}
