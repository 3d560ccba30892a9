package dev.hanlm.studio.filter;

import java.util.List;

/**
 * What running filters on a target gave: its parts as they go on (masked where asked, else unchanged), whether it is
 * blocked, and each filter's report.
 */
public record Screening(List<String> parts, boolean blocked, List<FilterReport> reports) {
    public Screening {
        parts = List.copyOf(parts);
        reports = List.copyOf(reports);
    }
}
