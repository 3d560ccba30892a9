package dev.hanlm.studio.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hanlm.studio.RequestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A JSON object of a request, read field by field: a field of the wrong type is refused with a 400 that names it (as
 * {@code messages[2].content} inside a list). A JSON {@code null} counts as an absent field, as OpenAI treats it.
 */
public final class JsonRequest {
    private final JsonNode object;
    private final String path;

    private JsonRequest(JsonNode object, String path) {
        this.object = object;
        this.path = path;
    }

    /** Parses a request body, which must be one JSON object. */
    public static JsonRequest parse(byte[] body) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String problem = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("").replaceAll(" \\(start marker at .*", "");
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw RequestException.invalid(null, "the body is not valid JSON" + where + ": " + problem);
        } catch (IOException e) {
            throw RequestException.invalid(null, "the body could not be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) throw RequestException.invalid(null, "the body must be a JSON object");
        return new JsonRequest(node, "");
    }

    /** The field's name as the error names it. */
    public String param(String field) {
        return path + field;
    }

    /** The field's value, or null when absent or JSON null. */
    public JsonNode get(String field) {
        JsonNode node = object.get(field);
        return node == null || node.isNull() ? null : node;
    }

    public String string(String field) {
        JsonNode node = get(field);
        if (node == null) return null;
        if (!node.isTextual()) throw wrongType(field, "a string");
        return node.asText();
    }

    public String requiredString(String field) {
        String value = string(field);
        if (value == null) throw RequestException.invalid(param(field), param(field) + " is missing");
        return value;
    }

    public Boolean bool(String field) {
        JsonNode node = get(field);
        if (node == null) return null;
        if (!node.isBoolean()) throw wrongType(field, "true or false");
        return node.asBoolean();
    }

    /** An integer; a number with a fraction is refused. */
    public Long longInteger(String field) {
        JsonNode node = get(field);
        if (node == null) return null;
        if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToLong()) throw wrongType(field, "an integer");
        return node.asLong();
    }

    public Integer integer(String field) {
        Long value = longInteger(field);
        if (value == null) return null;
        if (value != value.intValue()) throw RequestException.invalid(param(field), param(field) + " is " + value + ", out of range");
        return value.intValue();
    }

    /** An integer from {@code min} to {@code max}. */
    public Integer integer(String field, int min, int max) {
        Integer value = integer(field);
        if (value != null && (value < min || value > max)) {
            throw RequestException.invalid(param(field), param(field) + " is " + value + "; it must be from " + min + " to " + max);
        }
        return value;
    }

    public Double number(String field) {
        JsonNode node = get(field);
        if (node == null) return null;
        if (!node.isNumber() || !Double.isFinite(node.asDouble())) throw wrongType(field, "a number");
        return node.asDouble();
    }

    /** A string or a list of at most {@code maxItems} strings (OpenAI's {@code stop}); null when absent. */
    public List<String> strings(String field, int maxItems) {
        JsonNode node = get(field);
        if (node == null) return null;
        if (node.isTextual()) return List.of(node.asText());
        if (!node.isArray()) throw wrongType(field, "a string or a list of strings");
        if (node.size() > maxItems) {
            throw RequestException.invalid(param(field), param(field) + " has " + node.size() + " items; at most " + maxItems + " are allowed");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) throw wrongType(field, "a string or a list of strings");
            out.add(item.asText());
        }
        return out;
    }

    /** A nested object, or null when absent. */
    public JsonRequest object(String field) {
        JsonNode node = get(field);
        if (node == null) return null;
        if (!node.isObject()) throw wrongType(field, "an object");
        return new JsonRequest(node, param(field) + ".");
    }

    /** A list of objects, each read as its own request part; null when absent. */
    public List<JsonRequest> objects(String field) {
        JsonNode node = get(field);
        if (node == null) return null;
        if (!node.isArray()) throw wrongType(field, "a list of objects");
        List<JsonRequest> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String name = param(field) + "[" + i + "]";
            if (!node.get(i).isObject()) throw RequestException.invalid(name, name + " must be an object");
            out.add(new JsonRequest(node.get(i), name + "."));
        }
        return out;
    }

    /** Refuses a field hanlm does not implement, unless its value asks for what hanlm does anyway. */
    void refuseUnless(String field, Predicate<JsonNode> harmless, String what) {
        JsonNode node = get(field);
        if (node != null && !harmless.test(node)) {
            throw RequestException.unsupported(param(field), param(field) + " is not supported by hanlm: " + what);
        }
    }

    public RequestException wrongType(String field, String expected) {
        return RequestException.invalid(param(field), param(field) + " must be " + expected);
    }
}
