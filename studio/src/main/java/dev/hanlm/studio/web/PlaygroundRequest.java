package dev.hanlm.studio.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.hanlm.studio.CompletionRequest;
import dev.hanlm.studio.RequestException;
import dev.hanlm.studio.filter.FilterSettings;
import dev.hanlm.studio.prompt.PromptSpec;
import dev.hanlm.studio.prompt.StudioParameters;
import dev.hanlm.studio.server.ContentScreen;
import dev.hanlm.studio.server.Json;
import dev.hanlm.studio.server.JsonRequest;
import java.util.List;
import java.util.Objects;

/**
 * One playground run as the browser sends it, in the names an App's spec uses:
 * {@code {"model", "prompt": {"instruction", "examples": [{"input", "output"}]}, "input", "parameters": {"maxTokens",
 * "temperature", "topK", "topP", "repeatPenalty", "stopBefore", "injectStartText", "injectRestartText", "seed"},
 * "filters": {"input", "output", "action"}}}. A field of the wrong shape is a 400 that names it.
 *
 * @param filters the AI filters, or null for none
 */
record PlaygroundRequest(String model, PromptSpec prompt, String input, StudioParameters parameters, FilterSettings filters) {
    /** The alternatives listed per token for the probability view. */
    static final int ALTERNATIVES = 5;

    static PlaygroundRequest parse(byte[] body) {
        JsonRequest json = JsonRequest.parse(body);
        return new PlaygroundRequest(json.requiredString("model"),
                bind(json, "prompt", PromptSpec.class, PromptSpec.of("", List.of())),
                Objects.requireNonNullElse(json.string("input"), ""),
                bind(json, "parameters", StudioParameters.class, StudioParameters.defaults()),
                ContentScreen.parse(json, "filters"));
    }

    /** The text the model continues. */
    String text() {
        return prompt.render(input);
    }

    /** The request for a backend, with {@value #ALTERNATIVES} alternatives per token. */
    CompletionRequest completion() {
        return new CompletionRequest(model, new CompletionRequest.TextPrompt(text()), 1,
                parameters.sampling(prompt.stopSequences(), ALTERNATIVES), parameters.injectStartText(), parameters.injectRestartText());
    }

    private static <T> T bind(JsonRequest json, String field, Class<T> type, T absent) {
        JsonNode node = json.get(field);
        if (node == null) return absent;
        if (!node.isObject()) throw json.wrongType(field, "an object");
        try {
            return Json.MAPPER.treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            throw RequestException.invalid(field, field + " has the unknown field '" + e.getPropertyName() + "'");
        } catch (JsonProcessingException e) {
            StringBuilder where = new StringBuilder(field);
            if (e instanceof JsonMappingException m) {
                for (JsonMappingException.Reference r : m.getPath()) {
                    where.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
                }
            }
            throw RequestException.invalid(where.toString(), where + " is not valid: " + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse(""));
        }
    }
}
