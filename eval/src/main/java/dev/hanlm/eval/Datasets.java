package dev.hanlm.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Readers of the benchmarks' original files (formats in each dataset's SOURCE.md) into items. */
public final class Datasets {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Datasets() {}

    /** NSMC's {@code ratings_test.txt}: a header, then {@code id TAB document TAB label}; split on tabs, no CSV quoting. */
    public static List<Example> nsmc(Path file) {
        List<String> lines = lines(file);
        if (lines.isEmpty() || !lines.getFirst().equals("id\tdocument\tlabel")) {
            throw new EvalException(file + " is not NSMC data: its first line should be the header id<TAB>document<TAB>label");
        }
        List<Example> items = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) continue;
            String[] cols = lines.get(i).split("\t", -1);
            if (cols.length != 3) throw new EvalException(file + " line " + (i + 1) + " has " + cols.length + " tab-separated columns, expected 3");
            items.add(new Example(cols[0], Map.of("document", cols[1]), List.of(cols[2])));
        }
        return items;
    }

    /** KLUE-YNAT ({@code ynat-v1.1_*.json}): a JSON array of {@code {guid, title, label, ...}}; the label is the topic name. */
    public static List<Example> ynat(Path file) {
        return jsonArray(file, r -> new Example(text(r, "guid", file), Map.of("title", text(r, "title", file)),
                List.of(text(r, "label", file))));
    }

    /** KLUE-STS: {@code {guid, sentence1, sentence2, labels: {label, binary-label}}}; the answer is the binary label. */
    public static List<Example> stsBinary(Path file) {
        return sts(file, "binary-label");
    }

    /** KLUE-STS with the 0-5 similarity {@code labels.label} as the answer. */
    public static List<Example> stsScore(Path file) {
        return sts(file, "label");
    }

    private static List<Example> sts(Path file, String label) {
        return jsonArray(file, r -> {
            JsonNode value = r.path("labels").path(label);
            if (!value.isNumber()) throw new EvalException(file + ": record " + r.path("guid").asText("?") + " has no number labels." + label);
            String answer = value.isIntegralNumber() ? value.asText() : String.valueOf(value.asDouble());
            return new Example(text(r, "guid", file), Map.of("sentence1", text(r, "sentence1", file),
                    "sentence2", text(r, "sentence2", file)), List.of(answer));
        });
    }

    /** KLUE-NLI: {@code {guid, premise, hypothesis, gold_label}} with entailment, neutral or contradiction. */
    public static List<Example> nli(Path file) {
        return jsonArray(file, r -> new Example(text(r, "guid", file), Map.of("premise", text(r, "premise", file),
                "hypothesis", text(r, "hypothesis", file)), List.of(text(r, "gold_label", file))));
    }

    /** KorQuAD 1.0 (SQuAD v1.1 JSON): one item per question, with its paragraph's context and every answer text. */
    public static List<Example> korquad(Path file) {
        JsonNode root = readJson(file);
        if (!root.path("data").isArray()) throw new EvalException(file + " is not KorQuAD/SQuAD JSON: it has no \"data\" array");
        List<Example> items = new ArrayList<>();
        for (JsonNode article : root.get("data")) {
            for (JsonNode paragraph : article.path("paragraphs")) {
                String context = text(paragraph, "context", file);
                for (JsonNode qa : paragraph.path("qas")) {
                    List<String> answers = new ArrayList<>();
                    for (JsonNode a : qa.path("answers")) answers.add(text(a, "text", file));
                    items.add(new Example(text(qa, "id", file), Map.of("context", context,
                            "question", text(qa, "question", file)), answers));
                }
            }
        }
        return items;
    }

    /**
     * A line-aligned parallel corpus: {@code file} is either side ({@code X.ko} or {@code X.en}) and the other is found
     * beside it. Fields {@code ko} and {@code en}; the answer is the {@code target} side.
     */
    public static List<Example> parallel(Path file, String target) {
        String name = file.getFileName().toString();
        String stem = name.endsWith(".ko") || name.endsWith(".en") ? name.substring(0, name.length() - 3) : name;
        List<String> ko = lines(file.resolveSibling(stem + ".ko")), en = lines(file.resolveSibling(stem + ".en"));
        if (ko.size() != en.size()) {
            throw new EvalException(stem + ".ko has " + ko.size() + " lines but " + stem + ".en has " + en.size() + "; they must align");
        }
        List<Example> items = new ArrayList<>();
        for (int i = 0; i < ko.size(); i++) {
            Map<String, String> fields = Map.of("ko", ko.get(i), "en", en.get(i));
            items.add(new Example(String.valueOf(i + 1), fields, List.of(fields.get(target))));
        }
        return items;
    }

    /**
     * JSON Lines, one object per line: every string or number member is a field; {@code answerField} holds the answer
     * (a string, a number, or an array of reference strings); {@code id} is the item's id when present.
     */
    public static List<Example> jsonl(Path file, String answerField) {
        List<String> lines = lines(file);
        List<Example> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            JsonNode r;
            try {
                r = JSON.readTree(lines.get(i));
            } catch (JsonProcessingException e) {
                throw new EvalException(file + " line " + (i + 1) + " is not a JSON object: " + e.getOriginalMessage().lines().findFirst().orElse(""));
            }
            if (!r.isObject()) throw new EvalException(file + " line " + (i + 1) + " is not a JSON object");
            Map<String, String> fields = new LinkedHashMap<>();
            r.properties().forEach(e -> {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) fields.put(e.getKey(), e.getValue().asText());
            });
            JsonNode answer = r.get(answerField);
            if (answer == null || answer.isNull()) throw new EvalException(file + " line " + (i + 1) + " has no \"" + answerField + "\"");
            List<String> answers = new ArrayList<>();
            if (answer.isArray()) answer.forEach(a -> answers.add(a.asText()));
            else answers.add(answer.asText());
            items.add(new Example(fields.getOrDefault("id", String.valueOf(i + 1)), fields, answers));
        }
        return items;
    }

    private interface RecordReader {
        Example read(JsonNode record);
    }

    private static List<Example> jsonArray(Path file, RecordReader reader) {
        JsonNode root = readJson(file);
        if (!root.isArray()) throw new EvalException(file + " is not a KLUE JSON file: expected a JSON array of records");
        List<Example> items = new ArrayList<>();
        for (JsonNode r : root) items.add(reader.read(r));
        return items;
    }

    private static String text(JsonNode node, String field, Path file) {
        JsonNode v = node.get(field);
        if (v == null || !v.isValueNode() || v.isNull()) {
            throw new EvalException(file + ": a record has no \"" + field + "\" (" + abbreviate(node.toString()) + ")");
        }
        return v.asText();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /** The JSON in a file; a syntax error becomes one line naming the file and the place. */
    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new EvalException(file + " is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + "): "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        } catch (IOException e) {
            if (!Files.exists(file)) throw new EvalException(file + " does not exist");
            throw new EvalException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static List<String> lines(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return r.lines().toList();
        } catch (NoSuchFileException e) {
            throw new EvalException(file + " does not exist");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new EvalException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
