package dev.hanlm.studio.datagen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * What data to create: a line describing the utterances (who says them, where) and the labels. JSON:
 * {@code {"task": "영화 리뷰", "labels": [{"name": "긍정", "description": "영화를 칭찬하는 리뷰"}, ...]}}.
 */
public record DataTask(String task, List<LabelSpec> labels) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public DataTask {
        task = task == null ? "" : task.strip();
        labels = List.copyOf(labels);
        if (labels.size() < 2) throw new IllegalArgumentException("a data task needs at least two labels, not " + labels.size());
        if (new HashSet<>(labels.stream().map(LabelSpec::name).toList()).size() < labels.size()) {
            throw new IllegalArgumentException("two labels have the same name");
        }
    }

    public static DataTask read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a readable data task (JSON {\"task\": ..., \"labels\": [{\"name\": ..., \"description\": ...}]})");
        }
        List<LabelSpec> labels = new ArrayList<>();
        for (JsonNode label : root.path("labels")) labels.add(new LabelSpec(label.path("name").asText(null), label.path("description").asText("")));
        try {
            return new DataTask(root.path("task").asText(""), labels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }
}
