package dev.hanlm.studio.persona;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Who the bot is: a name, traits, a speech level, facts it must keep, and example turns that show its voice. Read
 * from JSON: {@code {"name": "하나", "traits": [...], "style": "polite", "facts": [...], "examples": [{"user": ...,
 * "bot": ...}]}}.
 */
public record PersonaCard(String name, List<String> traits, SpeechStyle style, List<String> facts, List<Turn> examples) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public PersonaCard {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("the persona has no name");
        name = name.strip();
        traits = traits == null ? List.of() : List.copyOf(traits);
        facts = facts == null ? List.of() : List.copyOf(facts);
        examples = examples == null ? List.of() : List.copyOf(examples);
        if (style == null) throw new IllegalArgumentException("the persona " + name + " has no speaking style (polite or plain)");
    }

    public static PersonaCard read(Path file) {
        try {
            return parse(JSON.readTree(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a readable persona card (JSON with name, traits, style, facts, examples)");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    public static PersonaCard parse(JsonNode card) {
        List<Turn> examples = new ArrayList<>();
        for (JsonNode turn : card.path("examples")) examples.add(new Turn(turn.path("user").asText(), turn.path("bot").asText()));
        return new PersonaCard(card.path("name").asText(null), strings(card.path("traits")),
                SpeechStyle.parse(card.path("style").asText("")), strings(card.path("facts")), examples);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) out.add(item.asText());
        return out;
    }

    /** The profile the model reads before the conversation. */
    public String profile() {
        StringBuilder text = new StringBuilder(name).append("의 프로필\n");
        if (!traits.isEmpty()) text.append("성격: ").append(String.join(", ", traits)).append('\n');
        text.append("말투: ").append(style.description()).append('\n');
        if (!facts.isEmpty()) text.append("사실: ").append(String.join(" ", facts)).append('\n');
        return text.append('\n').toString();
    }
}
