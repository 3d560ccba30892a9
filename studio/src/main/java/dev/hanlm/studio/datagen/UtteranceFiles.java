package dev.hanlm.studio.datagen;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hanlm.train.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes labelled utterances as CSV ({@code text,label}, RFC 4180 quoting) or JSONL ({@code {"text": ..., "label":
 * ...}} a line), chosen by the file's extension; the file appears whole or not at all. Reads JSONL back.
 */
public final class UtteranceFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private UtteranceFiles() {}

    public static void write(Path file, List<LabeledUtterance> utterances) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        if (name.endsWith(".csv")) {
            out.append("text,label\r\n");
            for (LabeledUtterance u : utterances) out.append(csv(u.text())).append(',').append(csv(u.label())).append("\r\n");
        } else if (name.endsWith(".jsonl")) {
            try {
                for (LabeledUtterance u : utterances) out.append(JSON.writeValueAsString(JSON.createObjectNode().put("text", u.text()).put("label", u.label()))).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            throw new IllegalArgumentException(file + " ends in neither .csv nor .jsonl; name the export file for its format");
        }
        try {
            AtomicFiles.writeString(file, out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The utterances of a JSONL file, a {@code {"text": "...", "label": "..."}} object a line (blank lines skipped). */
    public static List<LabeledUtterance> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        List<LabeledUtterance> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            JsonNode node;
            try {
                node = JSON.readTree(lines.get(i));
            } catch (IOException e) {
                node = null;
            }
            JsonNode text = node == null ? null : node.get("text"), label = node == null ? null : node.get("label");
            if (text == null || !text.isTextual() || label == null || !label.isValueNode()) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " must be {\"text\": \"...\", \"label\": \"...\"}");
            }
            out.add(new LabeledUtterance(text.asText(), label.asText()));
        }
        if (out.isEmpty()) throw new IllegalArgumentException(file + " holds no utterances");
        return out;
    }

    static String csv(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) return field;
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
