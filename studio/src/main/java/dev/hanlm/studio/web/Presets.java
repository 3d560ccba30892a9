package dev.hanlm.studio.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.studio.prompt.PromptSpec;
import dev.hanlm.studio.prompt.StudioParameters;
import dev.hanlm.studio.server.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The playground's starting points, one JSON resource each under {@code /presets/}: the paper's three applications,
 * then classification and summarization. A preset is {@code {"id", "title": {"ko", "en"}, "description": {"ko", "en"},
 * "prompt": PromptSpec, "input", "parameters": StudioParameters}}; each is read through those records at load, so a
 * broken preset fails the build's tests, not a user's click.
 */
public final class Presets {
    /** In the order the picker shows them. */
    public static final List<String> IDS = List.of("persona-chatbot", "zero-shot-data", "event-title", "classification", "summarization");

    private Presets() {}

    /** Every preset, in {@link #IDS} order. */
    public static List<ObjectNode> all() {
        return IDS.stream().map(Presets::load).toList();
    }

    private static ObjectNode load(String id) {
        String name = "/presets/" + id + ".json";
        try (InputStream in = Presets.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the preset " + name + " is missing from this build");
            JsonNode preset = Json.MAPPER.readTree(in);
            if (!preset.path("id").asText().equals(id)) throw new IllegalStateException("the preset " + name + " must have \"id\": \"" + id + "\"");
            Json.MAPPER.treeToValue(preset.path("prompt"), PromptSpec.class);
            Json.MAPPER.treeToValue(preset.path("parameters"), StudioParameters.class);
            return (ObjectNode) preset;
        } catch (IOException e) {
            throw new UncheckedIOException("the preset " + name + " cannot be read: " + e.getMessage(), e);
        }
    }
}
