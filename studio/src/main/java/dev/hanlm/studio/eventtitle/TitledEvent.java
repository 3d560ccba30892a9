package dev.hanlm.studio.eventtitle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An event's fields and a reference title, as the JSONL sets store them: {@code {"id": ..., "product": ..., "brand":
 * ..., "discount": ..., "period": ..., "category": ..., "title": ...}} a line. The bundled sets, written for hanlm,
 * are {@code eventtitle/eval.jsonl} (100 items) and {@code eventtitle/train.jsonl} (25).
 */
public record TitledEvent(String id, EventFields fields, String title) {
    public static final String BUNDLED_EVAL = "/eventtitle/eval.jsonl", BUNDLED_TRAIN = "/eventtitle/train.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static List<TitledEvent> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " cannot be read: " + e.getMessage());
        }
    }

    public static List<TitledEvent> bundled(String resource) {
        try (InputStream in = TitledEvent.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("this build has no " + resource);
            return read(in, resource);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    private static List<TitledEvent> read(InputStream in, String source) throws IOException {
        List<TitledEvent> out = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int lineNo = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank()) continue;
            try {
                JsonNode node = JSON.readTree(line);
                if (!node.path("title").isTextual()) throw new IllegalArgumentException("it has no \"title\"");
                out.add(new TitledEvent(node.path("id").asText(String.valueOf(lineNo)), EventFields.of(node), node.path("title").asText()));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + lineNo + " is not an event with a title ({\"product\": ..., \"title\": ...}): " + e.getMessage());
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException(source + " holds no events");
        return out;
    }
}
