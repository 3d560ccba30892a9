package dev.hanlm.train.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hanlm.train.TrainingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One example of a binary text classification: 1 is the class to catch (toxic), 0 the other. */
public record LabeledText(String text, int label) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The examples of JSONL files, a {@code {"text": "...", "label": 0|1}} object a line (blank lines skipped). */
    public static List<LabeledText> read(List<Path> files) {
        List<LabeledText> all = new ArrayList<>();
        for (Path file : files) all.addAll(read(file));
        return all;
    }

    public static List<LabeledText> read(Path file) {
        List<LabeledText> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) continue;
                out.add(parse(line, file + " line " + lineNo));
            }
        } catch (NoSuchFileException e) {
            throw new TrainingException(file + " does not exist");
        } catch (IOException e) {
            throw new TrainingException("cannot read " + file + ": " + e.getMessage());
        }
        if (out.isEmpty()) throw new TrainingException(file + " holds no examples");
        return out;
    }

    private static LabeledText parse(String line, String where) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new TrainingException(where + " is not JSON; expected {\"text\": \"...\", \"label\": 0 or 1}");
        }
        JsonNode text = node == null ? null : node.get("text"), label = node == null ? null : node.get("label");
        if (text == null || !text.isTextual() || label == null || !label.isInt() || label.asInt() < 0 || label.asInt() > 1) {
            throw new TrainingException(where + " must be {\"text\": \"...\", \"label\": 0 or 1}");
        }
        return new LabeledText(text.asText(), label.asInt());
    }
}
