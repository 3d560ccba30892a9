package dev.hanlm.studio.apps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hanlm.studio.RequestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Labelled rows uploaded for an evaluation or a tuning job: an input and the expected output (or label) each. Read from
 * JSONL ({@code {"input": ..., "output": ...}} per line) or CSV with a header (RFC 4180 quoting); the expected column
 * may be called {@code output}, {@code label} or {@code expected}. Anything else is refused naming the line.
 */
public record TestSet(String name, List<Row> rows) {
    public record Row(String input, String expected) {}

    /** The most rows an upload may hold: evaluations and tuning run on the CPU. */
    public static final int MAX_ROWS = 10_000;
    private static final List<String> EXPECTED = List.of("output", "label", "expected");

    public TestSet {
        rows = List.copyOf(rows);
    }

    /** Reads {@code text}; a name ending in {@code .csv} is CSV, anything else JSONL. */
    public static TestSet parse(String name, String text) {
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<Row> rows = name.toLowerCase(Locale.ROOT).endsWith(".csv") ? csv(name, text) : jsonl(name, text);
        if (rows.isEmpty()) throw RequestException.invalid("file", name + " has no rows");
        if (rows.size() > MAX_ROWS) throw RequestException.invalid("file", name + " has " + rows.size() + " rows; at most " + MAX_ROWS + " are allowed");
        return new TestSet(name, rows);
    }

    private static List<Row> jsonl(String name, String text) {
        List<Row> rows = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String where = name + " line " + (i + 1);
            JsonNode node;
            try {
                node = AppJson.MAPPER.readTree(lines.get(i));
            } catch (IOException e) {
                throw RequestException.invalid("file", where + " is not JSON; each line must be {\"input\": ..., \"output\": ...}");
            }
            if (node == null || !node.isObject() || !node.path("input").isTextual()) {
                throw RequestException.invalid("file", where + " needs a text \"input\"");
            }
            String expected = EXPECTED.stream().map(node::path).filter(JsonNode::isValueNode).map(JsonNode::asText).findFirst()
                    .orElseThrow(() -> RequestException.invalid("file", where + " needs an \"output\" (or \"label\", \"expected\")"));
            rows.add(new Row(node.get("input").asText(), expected));
        }
        return rows;
    }

    private static List<Row> csv(String name, String text) {
        List<List<String>> records = Csv.records(name, text);
        if (records.isEmpty()) return List.of();
        List<String> header = records.getFirst().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        int input = header.indexOf("input");
        int expected = EXPECTED.stream().mapToInt(header::indexOf).filter(i -> i >= 0).findFirst().orElse(-1);
        if (input < 0 || expected < 0) {
            throw RequestException.invalid("file", name + "'s header must name an input column and an output (or label, expected) column, not " + header);
        }
        List<Row> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> fields = records.get(r);
            if (fields.size() == 1 && fields.getFirst().isBlank()) continue;
            if (fields.size() != header.size()) {
                throw RequestException.invalid("file", name + " record " + (r + 1) + " has " + fields.size() + " fields; the header has " + header.size());
            }
            rows.add(new Row(fields.get(input), fields.get(expected)));
        }
        return rows;
    }
}
