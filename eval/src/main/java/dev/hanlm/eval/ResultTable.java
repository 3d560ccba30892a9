package dev.hanlm.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tables of results in the paper's shape: a row per model, a column per task, number of shots and metric, each cell
 * the mean over the seeds with the standard deviation after ±.
 */
public final class ResultTable {
    /** Counts that ride along in the metrics but are not scores. */
    private static final Set<String> COUNTS = Set.of("unparsed", "tokens", "characters");

    private ResultTable() {}

    /** A plain-text table of one result, a row per number of shots, for the terminal. */
    public static String text(EvalResult r) {
        List<String> metrics = metricNames(List.of(r.results().getFirst()));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%s · %s (%s parameters) · %d items%s%n",
                r.task(), r.modelName(), humanCount(r.parameters()), r.items(), r.calibrated() ? " · calibrated" : ""));
        out.append(String.format(Locale.ROOT, "%-6s %-6s", "shots", "seeds"));
        for (String m : metrics) out.append(String.format(Locale.ROOT, " %18s", m));
        out.append('\n');
        for (EvalResult.Shots s : r.results()) {
            out.append(String.format(Locale.ROOT, "%-6d %-6d", s.shots(), s.runs().size()));
            for (String m : metrics) out.append(String.format(Locale.ROOT, " %18s", cell(s, m)));
            out.append('\n');
        }
        return out.toString();
    }

    /** A Markdown table of several results (several models, tasks and numbers of shots). */
    public static String markdown(List<EvalResult> results) {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        Set<String> columns = new LinkedHashSet<>();
        for (EvalResult r : results) {
            Map<String, String> row = rows.computeIfAbsent(modelLabel(r), k -> new LinkedHashMap<>());
            for (EvalResult.Shots s : r.results()) {
                for (String m : metricNames(List.of(s))) {
                    String column = column(r, s, m);
                    columns.add(column);
                    row.put(column, cell(s, m));
                }
            }
        }
        StringBuilder out = new StringBuilder("| model |");
        for (String c : columns) out.append(' ').append(c).append(" |");
        out.append("\n|---|");
        out.append("---:|".repeat(columns.size())).append('\n');
        for (var row : rows.entrySet()) {
            out.append("| ").append(row.getKey()).append(" |");
            for (String c : columns) out.append(' ').append(row.getValue().getOrDefault(c, "–")).append(" |");
            out.append('\n');
        }
        return out.toString();
    }

    static String modelLabel(EvalResult r) {
        return r.modelName() + " (" + humanCount(r.parameters()) + ")";
    }

    static String column(EvalResult r, EvalResult.Shots s, String metric) {
        return r.task().equals("perplexity") ? "perplexity " + metric : r.task() + " " + s.shots() + "-shot " + metric;
    }

    /** The score metrics of these runs, in their order, without the counts. */
    static List<String> metricNames(List<EvalResult.Shots> shots) {
        List<String> names = new ArrayList<>();
        for (String m : shots.getFirst().mean().keySet()) if (!COUNTS.contains(m)) names.add(m);
        return names;
    }

    private static String cell(EvalResult.Shots s, String metric) {
        double mean = s.mean().get(metric);
        return s.runs().size() > 1
                ? String.format(Locale.ROOT, "%.2f ± %.2f", mean, s.std().get(metric))
                : String.format(Locale.ROOT, "%.2f", mean);
    }

    static String humanCount(long n) {
        if (n >= 1_000_000_000L) return String.format(Locale.ROOT, "%.1fB", n / 1e9);
        if (n >= 1_000_000L) return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        if (n >= 1_000L) return String.format(Locale.ROOT, "%.1fK", n / 1e3);
        return Long.toString(n);
    }
}
