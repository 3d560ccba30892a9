package dev.hanlm.studio.apps;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.studio.RequestException;

/**
 * An App's spec as JSON, read strictly (no duplicate keys, no unknown fields), in CLOVA Studio's camelCase names ({@code maxTokens}, {@code repeatPenalty}, {@code stopBefore} ...), the same in the
 * API and in the database.
 */
final class AppJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private AppJson() {}

    /** An App's spec from a request's {@code spec} field; a field of the wrong shape is a 400 naming it. */
    static AppSpec spec(JsonNode node) {
        if (node == null || !node.isObject()) throw RequestException.invalid("spec", "spec must be an object: {prompt, parameters, model, filters, tunedPrompt}");
        ObjectNode copy = node.deepCopy();
        if (copy.get("filters") instanceof ObjectNode filters) { // lists left out mean no filters there
            if (!filters.hasNonNull("input")) filters.putArray("input");
            if (!filters.hasNonNull("output")) filters.putArray("output");
            if (!filters.hasNonNull("action")) filters.put("action", "score");
        }
        try {
            return MAPPER.treeToValue(copy, AppSpec.class);
        } catch (UnrecognizedPropertyException e) {
            throw RequestException.invalid("spec." + e.getPropertyName(), "spec has the unknown field '" + e.getPropertyName()
                    + "' (at " + e.getPathReference() + ")");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw RequestException.invalid("spec", "spec is not valid: " + firstLine(e));
        }
    }

    /** The spec as JSON, the filter action in lower case as requests give it. */
    static ObjectNode tree(AppSpec spec) {
        ObjectNode tree = MAPPER.valueToTree(spec);
        if (tree.get("filters") instanceof ObjectNode filters) filters.put("action", spec.filters().action().id());
        return tree;
    }

    static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    static JsonNode read(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON could not be read: " + firstLine(e), e);
        }
    }

    static AppSpec readSpec(String text) {
        return spec(read(text));
    }

    private static String firstLine(Exception e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return String.valueOf(message).lines().findFirst().orElse("");
    }
}
