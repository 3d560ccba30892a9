package dev.hanlm.studio.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;

/**
 * The server's one JSON mapper: strict in what it reads (no trailing data, no duplicate keys) and bounded, so that a
 * hostile body (deep nesting, a number of thousands of digits, which is slow to convert) is a 400 before it costs much.
 */
public final class Json {
    /** Deeper than any real request (a chat's content parts are 4 levels). */
    static final int MAX_NESTING = 64;
    /** A long has 19 digits and a double's exact form fewer than 30; nothing longer is a sensible field value. */
    static final int MAX_NUMBER_LENGTH = 100;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING).maxNumberLength(MAX_NUMBER_LENGTH).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** OpenAI's list shape: {@code {"object": "list", "data": [items...]}}. */
    public static ObjectNode list(List<? extends JsonNode> items) {
        ObjectNode list = object().put("object", "list");
        list.putArray("data").addAll(items);
        return list;
    }

    /** Answers with {@code node} as {@code application/json}. */
    public static void answer(Context ctx, int status, JsonNode node) {
        ctx.status(status).contentType("application/json").result(text(node));
    }
}
