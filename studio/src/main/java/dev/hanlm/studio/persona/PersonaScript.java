package dev.hanlm.studio.persona;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scripted conversations for evaluating a persona: each is a list of user messages, some of them probes whose reply
 * must contain one of the expected words (the persona's name, or a word of a fact). JSON:
 * {@code {"conversations": [[{"user": "이름이 뭐예요?", "expect": ["하나"]}, {"user": "오늘 뭐 했어요?"}]]}}.
 */
public record PersonaScript(List<List<Step>> conversations) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A user message and, for a probe, the words of which the reply must contain one. */
    public record Step(String user, List<String> expect) {
        public Step {
            expect = expect == null ? List.of() : List.copyOf(expect);
        }
    }

    public PersonaScript {
        conversations = conversations.stream().map(List::copyOf).toList();
        if (conversations.stream().allMatch(List::isEmpty)) throw new IllegalArgumentException("the script has no messages");
    }

    public static PersonaScript read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a readable script (JSON {\"conversations\": [[{\"user\": ..., \"expect\": [...]}]]})");
        }
        List<List<Step>> conversations = new ArrayList<>();
        for (JsonNode conversation : root.path("conversations")) {
            List<Step> steps = new ArrayList<>();
            for (JsonNode step : conversation) {
                if (!step.path("user").isTextual()) throw new IllegalArgumentException(file + ": every step needs a \"user\" message");
                List<String> expect = new ArrayList<>();
                step.path("expect").forEach(e -> expect.add(e.asText()));
                steps.add(new Step(step.path("user").asText(), expect));
            }
            conversations.add(steps);
        }
        if (conversations.isEmpty()) throw new IllegalArgumentException(file + " has no conversations");
        return new PersonaScript(conversations);
    }
}
