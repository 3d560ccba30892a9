package dev.hanlm.studio.persona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.studio.CompletionRequest;
import dev.hanlm.studio.ScriptedBackend;
import dev.hanlm.studio.prompt.StudioParameters;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonaChatTest {
    private static final PersonaCard CARD = new PersonaCard("하나", List.of("밝음"), SpeechStyle.POLITE, List.of("고양이를 키운다."),
            List.of(new Turn("배고파", "얼른 맛난 음식 드세요.")));
    private static final StudioParameters PARAMS = new StudioParameters(10, 0.7, null, null, null, null, null, null, 5L);

    @Test
    void memoryKeepsTheNewestWholeTurnsThatFit() {
        ConversationMemory memory = new ConversationMemory();
        for (int i = 1; i <= 5; i++) memory.add(new Turn("u" + i, "b" + i));
        // each turn costs 3: a budget of 7 holds the last two, never a part of the third
        assertEquals(List.of(new Turn("u4", "b4"), new Turn("u5", "b5")), memory.recent(7, t -> 3));
        assertEquals(5, memory.recent(100, t -> 3).size());
        assertEquals(List.of(), memory.recent(2, t -> 3));
    }

    @Test
    void promptHasProfileExamplesMemoryAndInjectTexts() {
        ScriptedBackend backend = ScriptedBackend.replying(" 반가워요.", " 네, 고양이를 키워요.");
        PersonaChat chat = new PersonaChat(backend, CARD, PARAMS, new ContextBudget(1000, String::length));
        assertEquals("반가워요.", chat.say("안녕").text());
        PersonaChat.Reply second = chat.say("반려동물 있어?");
        assertEquals("네, 고양이를 키워요.", second.text());
        assertEquals(1, second.turnsKept());
        CompletionRequest last = backend.requests.getLast();
        assertEquals("하나:", last.injectStartText());
        assertEquals("\n사용자:", last.injectRestartText());
        assertEquals(Long.valueOf(6), last.sampling().seed(), "each turn draws with its own seed");
        assertEquals("""
                하나의 프로필
                성격: 밝음
                말투: 존댓말 (-요, -습니다)
                사실: 고양이를 키운다.

                사용자: 배고파
                하나: 얼른 맛난 음식 드세요.

                사용자: 안녕
                하나: 반가워요.
                사용자: 반려동물 있어?
                """, backend.lastPrompt());
    }

    @Test
    void oldestTurnsAreDroppedWhenTheContextIsFull() {
        ScriptedBackend backend = ScriptedBackend.replying(" 네.");
        String fixed = CARD.profile() + "사용자: 배고파\n하나: 얼른 맛난 음식 드세요.\n\n사용자: 셋\n하나:";
        int turn = "사용자: 하나\n하나: 네.\n".length();
        // room for the reply's 10 tokens and exactly two remembered turns
        PersonaChat chat = new PersonaChat(backend, CARD, PARAMS, new ContextBudget(fixed.length() + 10 + 2 * turn, String::length));
        chat.say("하나");
        chat.say("둘");
        chat.say("삼");
        PersonaChat.Reply reply = chat.say("셋");
        assertEquals(2, reply.turnsKept());
        assertEquals(1, reply.turnsDropped());
        assertFalse(backend.lastPrompt().contains("사용자: 하나\n"), "the oldest turn is gone");
        assertTrue(backend.lastPrompt().contains("사용자: 둘\n하나: 네.\n사용자: 삼\n하나: 네.\n사용자: 셋\n"));
        chat.restart();
        assertEquals(0, chat.say("넷").turnsKept());
    }

    @Test
    void theFirstTurnsPromptIsTheStudioPromptsRendering() {
        ScriptedBackend backend = ScriptedBackend.replying(" 네.");
        PersonaChat chat = new PersonaChat(backend, CARD, PARAMS, new ContextBudget(1000, String::length));
        chat.say(" 안녕 ");
        assertEquals(chat.prompt().render("안녕"), backend.lastPrompt() + backend.requests.getLast().injectStartText());
    }

    @Test
    void aReplyIsItsFirstLineWithTextSoALeadingNewlineDoesNotEndIt() {
        ScriptedBackend backend = ScriptedBackend.replying("\n\n 고양이 보리를 키워요.\n강아지도요.");
        PersonaChat chat = new PersonaChat(backend, CARD, PARAMS, new ContextBudget(1000, String::length));
        assertEquals("고양이 보리를 키워요.", chat.say("뭐 키워?").text());
        assertEquals(List.of("\n사용자:"), backend.requests.getLast().sampling().stop(), "the next user turn ends a reply, not any newline");
    }

    @Test
    void repliesGoThroughTheOutputFilter() {
        ScriptedBackend backend = ScriptedBackend.replying(" 제 번호는 010-1234-5678이에요.");
        PersonaChat.Reply reply = new PersonaChat(backend, CARD, PARAMS, new ContextBudget(1000, String::length)).say("번호 알려줘");
        assertFalse(reply.text().contains("010-1234-5678"), reply.text());
        assertTrue(reply.filters().stream().anyMatch(f -> f.name().equals("pii") && !f.hits().isEmpty()));
    }

    @Test
    void aCardTooLongForTheContextIsRefused() {
        PersonaChat chat = new PersonaChat(ScriptedBackend.replying("x"), CARD, PARAMS, new ContextBudget(20, String::length));
        assertThrows(IllegalArgumentException.class, () -> chat.say("안녕"));
        assertThrows(IllegalArgumentException.class, () -> chat.say("  "));
    }

    @Test
    void evaluationCountsNameFactsStyleAndDiversity() {
        // replies in turn: the name (polite), a wrong fact (plain), a fact (polite)
        ScriptedBackend backend = ScriptedBackend.replying(" 저는 하나예요.", " 강아지 키워.", " 고양이를 키워요.");
        PersonaScript script = new PersonaScript(List.of(List.of(
                new PersonaScript.Step("이름이 뭐야?", List.of("하나")),
                new PersonaScript.Step("뭐 키워?", List.of("고양이")),
                new PersonaScript.Step("다시 말해 줘", List.of("고양이")))));
        PersonaEvaluation.Result r = PersonaEvaluation.run(
                () -> new PersonaChat(backend, CARD, PARAMS, new ContextBudget(1000, String::length)), script, new SpeechStyleDetector());
        assertEquals(1, r.nameKept());
        assertEquals(1, r.nameProbes());
        assertEquals(1, r.factsKept());
        assertEquals(2, r.factProbes());
        assertEquals(2, r.inStyle());
        assertEquals(3, r.styled());
        assertEquals(3, r.conversations().getFirst().size());
    }
}
