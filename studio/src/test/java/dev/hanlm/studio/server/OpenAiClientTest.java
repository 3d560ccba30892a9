package dev.hanlm.studio.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hanlm.engine.GenerationOptions;
import dev.hanlm.engine.GenerationResult;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real OpenAI client (LangChain4j's) pointed at the server: its answers must be the engine's, streamed or not. */
class OpenAiClientTest {
    private static final int MAX_TOKENS = 8;

    @TempDir
    static Path tmp;
    static ServerFixture fixture;
    static GenerationResult expected;

    @BeforeAll
    static void start() {
        fixture = new ServerFixture(tmp, ServerOptions.DEFAULT_MAX_BODY_BYTES);
        // the tiny model has no chat template: the plain format, and the reply ends where a user turn would start
        expected = fixture.generate("사용자: 안녕하세요\nAI:",
                GenerationOptions.defaults().withTemperature(0).withMaxTokens(MAX_TOKENS).withStop(List.of("\n사용자:")));
        assertFalse(expected.text().isEmpty(), "the check needs some text");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aChatCompletion() {
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(fixture.server.url() + "/v1").apiKey("not-checked")
                .modelName(ServerFixture.MODEL).temperature(0.0).maxTokens(MAX_TOKENS).timeout(Duration.ofSeconds(30)).build();
        ChatResponse response = model.chat(UserMessage.from("안녕하세요"));
        assertEquals(expected.text(), response.aiMessage().text());
        assertEquals(expected.ids().length, response.tokenUsage().outputTokenCount());
        assertEquals(fixture.promptTokens("사용자: 안녕하세요\nAI:"), response.tokenUsage().inputTokenCount());
        assertEquals(expected.finishReason() == dev.hanlm.engine.FinishReason.LENGTH ? FinishReason.LENGTH : FinishReason.STOP,
                response.finishReason());
    }

    @Test
    void aStreamingChatCompletion() throws Exception {
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(fixture.server.url() + "/v1")
                .apiKey("not-checked").modelName(ServerFixture.MODEL).temperature(0.0).maxTokens(MAX_TOKENS)
                .timeout(Duration.ofSeconds(30)).build();
        StringBuilder partials = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat("안녕하세요", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String text) {
                partials.append(text);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse response = done.get(30, TimeUnit.SECONDS);
        assertEquals(expected.text(), partials.toString());
        assertEquals(expected.text(), response.aiMessage().text());
        assertEquals(expected.ids().length, response.tokenUsage().outputTokenCount(), "usage, from stream_options.include_usage");
    }
}
