package dev.hanlm.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.engine.GenerationOptions;
import dev.hanlm.engine.GenerationResult;
import dev.hanlm.engine.Generator;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.studio.CompletionRequest.ChatPrompt;
import dev.hanlm.studio.CompletionRequest.TextPrompt;
import dev.hanlm.studio.chat.ChatMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local backend against the engine itself: every choice must be exactly what a Generator makes of the same prompt. */
class LocalBackendTest {
    @TempDir
    static Path tmp;
    static Path dir;
    static LocalBackend backend;
    static LanguageModel reference;

    @BeforeAll
    static void load() {
        dir = TinyModel.write(tmp.resolve("tiny"));
        backend = new LocalBackend("tiny", LanguageModel.load(dir), ModelQueue.Limits.defaults());
        reference = LanguageModel.load(dir);
    }

    @AfterAll
    static void close() {
        backend.close();
        reference.close();
    }

    private static GenerationResult generate(String prompt, GenerationOptions options) {
        return new Generator(reference).generate(prompt, options, (t, s) -> {});
    }

    private static SamplingParams sampling(Integer maxTokens, Double temperature, Long seed, Integer logprobs, List<String> stop) {
        return new SamplingParams(maxTokens, temperature, null, null, null, stop, seed, logprobs);
    }

    @Test
    void eachChoiceIsTheGeneratorsOutputWithTheSeedPlusItsIndex() {
        CompletionRequest request = new CompletionRequest("tiny", new TextPrompt("옛날 옛적에"), 3,
                sampling(8, 1.0, 40L, null, List.of()), "", "");
        List<String> streamed = new ArrayList<>(List.of("", "", ""));
        Completion c = backend.complete(request, new CompletionListener() {
            @Override
            public void onDelta(int choice, String text, List<TokenLogprobs> logprobs) {
                streamed.set(choice, streamed.get(choice) + text);
            }

            @Override
            public void onChoiceEnd(Completion.Choice choice) {}
        });
        int generated = 0;
        for (int i = 0; i < 3; i++) {
            GenerationResult expected = generate("옛날 옛적에", GenerationOptions.defaults().withMaxTokens(8).withSeed(40L + i));
            assertEquals(expected.text(), c.choices().get(i).text());
            assertEquals(expected.text(), streamed.get(i), "the deltas of a choice add up to its text");
            assertEquals(expected.ids().length, c.choices().get(i).tokens());
            generated += expected.ids().length;
            assertEquals(i, c.choices().get(i).index());
        }
        assertEquals(generated, c.completionTokens());
        assertEquals(reference.tokenizer().orElseThrow().encode("옛날 옛적에", true).length, c.promptTokens());
        assertNotEquals(c.choices().get(0).text(), c.choices().get(1).text(), "different seeds, different samples");
    }

    @Test
    void logprobsAreTheEnginesAndOffsetsPointIntoTheText() {
        CompletionRequest request = new CompletionRequest("tiny", new TextPrompt("하늘"), 1,
                sampling(6, 0.0, null, 3, List.of()), "", "");
        Completion.Choice choice = backend.complete(request, CompletionListener.NONE).choices().getFirst();
        GenerationResult expected = generate("하늘", GenerationOptions.defaults().withTemperature(0).withMaxTokens(6).withTopLogprobs(3));
        assertEquals(expected.ids().length, choice.logprobs().size());
        for (int i = 0; i < choice.logprobs().size(); i++) {
            TokenLogprobs t = choice.logprobs().get(i);
            assertEquals(expected.logprobs()[i], t.chosen().logprob(), 1e-12);
            assertEquals(3, t.top().size());
            assertEquals(t.top().getFirst().logprob(), t.chosen().logprob(), 1e-12, "greedy picks the most likely token");
            assertEquals(1, t.chosen().bytes().length, "a byte-level token of this vocabulary is one byte");
            assertTrue(t.textOffset() <= choice.text().codePointCount(0, choice.text().length()));
        }
    }

    @Test
    void injectTextsFrameTheOutputAsClovaStudioDoes() {
        String start = "\nAI:", restart = "\n사용자:";
        CompletionRequest request = new CompletionRequest("tiny", new TextPrompt("사용자: 안녕"), 1,
                sampling(5, 0.0, null, null, List.of()), start, restart);
        Completion.Choice choice = backend.complete(request, CompletionListener.NONE).choices().getFirst();
        GenerationResult expected = generate("사용자: 안녕" + start, GenerationOptions.defaults().withTemperature(0).withMaxTokens(5));
        String restartIfEnded = expected.finishReason() == dev.hanlm.engine.FinishReason.LENGTH ? "" : restart;
        assertEquals(start + expected.text() + restartIfEnded, choice.text());

        CompletionRequest stopped = new CompletionRequest("tiny", new TextPrompt("사용자: 안녕"), 1,
                sampling(5, 0.0, null, null, List.of(expected.text().substring(0, 1))), start, restart);
        Completion.Choice ended = backend.complete(stopped, CompletionListener.NONE).choices().getFirst();
        assertEquals(Completion.STOP, ended.finishReason());
        assertEquals(start + restart, ended.text(), "a choice that ends by a stop sequence gets the restart text");
    }

    @Test
    void aChatIsRenderedInThePlainFormatAndStopsAtTheNextUserTurn() {
        List<ChatMessage> messages = List.of(ChatMessage.system("친절한 AI"), ChatMessage.user("안녕?"));
        CompletionRequest request = new CompletionRequest("tiny", new ChatPrompt(messages), 1,
                sampling(10, 0.0, null, null, List.of()), "네,", "");
        Completion.Choice choice = backend.complete(request, CompletionListener.NONE).choices().getFirst();
        GenerationResult expected = generate("친절한 AI\n사용자: 안녕?\nAI:네,",
                GenerationOptions.defaults().withTemperature(0).withMaxTokens(10).withStop(List.of("\n사용자:")));
        assertEquals("네," + expected.text(), choice.text());
    }

    @Test
    void promptsAndMaxTokensMustFitTheContext() {
        String longPrompt = "가".repeat(TinyModel.CONTEXT / 3 + 1);
        RequestException noRoom = assertThrows(RequestException.class, () -> backend.complete(
                CompletionRequest.of("tiny", new TextPrompt(longPrompt)), CompletionListener.NONE));
        assertEquals("context_length_exceeded", noRoom.code());
        assertEquals("prompt", noRoom.param());
        RequestException tooMany = assertThrows(RequestException.class, () -> backend.complete(new CompletionRequest("tiny",
                new TextPrompt("가"), 1, sampling(TinyModel.CONTEXT, null, null, null, List.of()), "", ""), CompletionListener.NONE));
        assertEquals("max_tokens", tooMany.param());
        assertTrue(tooMany.getMessage().contains("ask for at most " + (TinyModel.CONTEXT - 3)), tooMany.getMessage());
        Completion byDefault = backend.complete(CompletionRequest.of("tiny", new TextPrompt("가")), CompletionListener.NONE);
        assertTrue(byDefault.completionTokens() <= LocalBackend.TEXT_MAX_TOKENS);
    }
}
