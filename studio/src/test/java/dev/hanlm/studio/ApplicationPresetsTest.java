package dev.hanlm.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.studio.datagen.DataGenerator;
import dev.hanlm.studio.datagen.DataTask;
import dev.hanlm.studio.eventtitle.FewShotTitles;
import dev.hanlm.studio.eventtitle.TitledEvent;
import dev.hanlm.studio.persona.PersonaCard;
import dev.hanlm.studio.persona.PersonaChat;
import dev.hanlm.studio.prompt.PromptSpec;
import dev.hanlm.studio.prompt.StudioParameters;
import dev.hanlm.studio.server.Json;
import dev.hanlm.studio.web.Presets;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Studio's presets of the paper's applications hold the prompts and settings that {@code hanlm app} runs, so what the playground shows is what ships. */
class ApplicationPresetsTest {
    @Test
    void personaPresetIsTheBundledCardsFirstTurn() throws Exception {
        PersonaCard card = PersonaCard.parse(resource("/persona/hana.json"));
        PersonaChat chat = new PersonaChat(ScriptedBackend.replying(" 네."), card, PersonaChat.DEFAULTS, null);
        assertPreset("persona-chatbot", chat.prompt(), PersonaChat.DEFAULTS);
    }

    @Test
    void zeroShotDataPresetIsTheHotelIntentsPrompt() throws Exception {
        DataTask task = DataTask.read(java.nio.file.Path.of(ApplicationPresetsTest.class.getResource("/datagen/hotel-intents.json").toURI()));
        ObjectNode preset = assertPreset("zero-shot-data", DataGenerator.prompt(task, task.labels().getFirst(), List.of(), 3), lineStops(DataGenerator.DEFAULTS));
        assertEquals(DataGenerator.input(task.labels().getFirst()), preset.path("input").asText());
    }

    @Test
    void eventTitlePresetIsTheFewShotPrompt() throws Exception {
        PromptSpec prompt = FewShotTitles.prompt(TitledEvent.bundled(TitledEvent.BUNDLED_TRAIN).subList(0, FewShotTitles.SHOTS));
        assertPreset("event-title", prompt, lineStops(FewShotTitles.DEFAULTS));
    }

    /** The app's settings with the stop at a line's end, which the app adds itself and the playground needs given. */
    private static StudioParameters lineStops(StudioParameters p) {
        return new StudioParameters(p.maxTokens(), p.temperature(), p.topK(), p.topP(), p.repeatPenalty(), List.of("\n"),
                p.injectStartText(), p.injectRestartText(), p.seed());
    }

    private static ObjectNode assertPreset(String id, PromptSpec prompt, StudioParameters parameters) throws Exception {
        ObjectNode preset = Presets.all().get(Presets.IDS.indexOf(id));
        assertEquals(prompt, Json.MAPPER.treeToValue(preset.path("prompt"), PromptSpec.class), id + "'s prompt");
        assertEquals(parameters, Json.MAPPER.treeToValue(preset.path("parameters"), StudioParameters.class), id + "'s parameters");
        return preset;
    }

    private static JsonNode resource(String name) throws Exception {
        try (InputStream in = ApplicationPresetsTest.class.getResourceAsStream(name)) {
            return Json.MAPPER.readTree(in);
        }
    }
}
